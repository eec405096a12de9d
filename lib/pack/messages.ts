/** English and French renderings of pack errors. */
import type { PackError, PackErrorCode, PackErrorParams } from './errors';

export type MessageLanguage = 'en' | 'fr';

type Renderers = { [C in PackErrorCode]: (params: PackErrorParams[C]) => string };

/** Values from the pack are always quoted as JSON: escapes keep an error on one line. */
const q = (value: string): string => JSON.stringify(value);

const en: Renderers = {
  'too-large': (p) => `the pack takes at least ${p.size} bytes; the cap is ${p.max}`,
  'invalid-utf8': () => 'the file is not valid UTF-8 text',
  'invalid-json': (p) => `not valid JSON (${p.detail})`,
  'too-deep': (p) => `nested deeper than ${p.max} levels`,
  'too-many-values': (p) => `more than ${p.max} JSON values`,
  'forbidden-key': (p) => `the key ${q(p.key)} is not allowed`,
  'lone-surrogate': () => 'text with an unpaired UTF-16 surrogate (invalid Unicode)',
  'not-json': (p) => `a value JSON cannot hold (${p.received})`,
  cycle: () => 'the value contains itself (a cycle)',
  'not-a-pack': () => 'not a Repères pack ("format" must be "reperes-pack")',
  'unsupported-format-version': (p) =>
    `format version ${p.found} is not supported (this reader knows version ${p.supported})`,
  'too-many': (p) => `${p.count} entries; the cap is ${p.max}`,
  'too-long': (p) => `${p.length} characters; the cap is ${p.max}`,
  type: (p) => `expected ${p.expected}, found ${p.received}`,
  required: () => 'missing (required)',
  'unknown-key': (p) => `unknown field ${q(p.key)}`,
  'not-allowed': (p) => `${q(p.received)} is not one of ${p.allowed.map(q).join(', ')}`,
  empty: () => 'empty',
  'bad-id': (p) =>
    `${q(p.value)} is not a valid id (letters, digits, ".", "_", ":", "-", starting with a letter or digit)`,
  'bad-pack-id': (p) => `${q(p.value)} is not a valid pack id (lowercase letters, digits, "-")`,
  'bad-version': (p) => `${q(p.value)} is not a semantic version (like "1.2.0")`,
  'bad-date': (p) => `${q(p.value)} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)`,
  'bad-datetime': (p) => `${q(p.value)} is not a date or an ISO 8601 date and time`,
  'bad-language': (p) => `${q(p.value)} is not a language tag (like "fr" or "pt-BR")`,
  'bad-url': (p) => `${q(p.value)} is not an http or https URL`,
  'bad-update-url': (p) =>
    `${q(p.value)} is not an https URL without credentials: updates come only over https`,
  'bad-sha256': (p) => `${q(p.value)} is not a SHA-256 digest (64 hexadecimal digits)`,
  'bad-domain': (p) => `${q(p.value)} is not a lowercase host name (like "bloomberg.com")`,
  'out-of-range': (p) => `${p.value} is outside ${p.min} to ${p.max}`,
  'not-integer': (p) => `${p.value} is not a whole number`,
  'duplicate-id': (p) => `duplicate id ${q(p.id)} (first at ${p.first})`,
  'duplicate-reference': (p) => `${q(p.id)} is listed twice`,
  'self-reference': (p) => `${q(p.id)} refers to itself`,
  'unknown-source': (p) => `unknown source ${q(p.id)}`,
  'unknown-entity': (p) => `unknown entity ${q(p.id)}`,
  'unknown-fact': (p) => `unknown fact ${q(p.id)}`,
  'too-many-aliases': (p) => `${p.count} aliases in all; the cap is ${p.max}`,
  'more-errors': (p) =>
    p.more === null ? 'more errors not shown' : `${p.more} more errors not shown`,
  internal: (p) => `the validator failed (${p.detail}); please report this pack`,
  'bad-signature': (p) =>
    ({
      malformed: `the signature file is not one (${p.detail})`,
      mismatch:
        'the signature does not match this pack: it was changed after signing, or is another pack',
      'bad-key': 'the signature names no usable Ed25519 key',
      'wrong-key': `signed by another key than expected (${p.detail})`,
      'no-bytes': 'a signature can only be checked against the pack file itself',
    })[p.problem],
};

const fr: Renderers = {
  'too-large': (p) => `le pack fait au moins ${p.size} octets ; le maximum est ${p.max}`,
  'invalid-utf8': () => 'le fichier n’est pas du texte UTF-8 valide',
  'invalid-json': (p) => `JSON invalide (${p.detail})`,
  'too-deep': (p) => `imbrication de plus de ${p.max} niveaux`,
  'too-many-values': (p) => `plus de ${p.max} valeurs JSON`,
  'forbidden-key': (p) => `la clé ${q(p.key)} est interdite`,
  'lone-surrogate': () => 'texte avec un demi-caractère UTF-16 isolé (Unicode invalide)',
  'not-json': (p) => `une valeur que JSON ne peut pas contenir (${p.received})`,
  cycle: () => 'la valeur se contient elle-même (un cycle)',
  'not-a-pack': () => 'ce n’est pas un pack Repères (« format » doit valoir "reperes-pack")',
  'unsupported-format-version': (p) =>
    `la version de format ${p.found} n’est pas prise en charge (ce lecteur connaît la version ${p.supported})`,
  'too-many': (p) => `${p.count} éléments ; le maximum est ${p.max}`,
  'too-long': (p) => `${p.length} caractères ; le maximum est ${p.max}`,
  type: (p) => `${typeFr(p.expected)} attendu, ${typeFr(p.received)} trouvé`,
  required: () => 'absent (obligatoire)',
  'unknown-key': (p) => `champ inconnu ${q(p.key)}`,
  'not-allowed': (p) => `${q(p.received)} ne fait pas partie de ${p.allowed.map(q).join(', ')}`,
  empty: () => 'vide',
  'bad-id': (p) =>
    `${q(p.value)} n’est pas un identifiant valide (lettres, chiffres, « . », « _ », « : », « - », commençant par une lettre ou un chiffre)`,
  'bad-pack-id': (p) =>
    `${q(p.value)} n’est pas un identifiant de pack valide (minuscules, chiffres, « - »)`,
  'bad-version': (p) => `${q(p.value)} n’est pas une version sémantique (comme "1.2.0")`,
  'bad-date': (p) => `${q(p.value)} n’est pas une date (AAAA, AAAA-MM ou AAAA-MM-JJ)`,
  'bad-datetime': (p) => `${q(p.value)} n’est ni une date ni une date et heure ISO 8601`,
  'bad-language': (p) => `${q(p.value)} n’est pas une étiquette de langue (comme "fr" ou "pt-BR")`,
  'bad-url': (p) => `${q(p.value)} n’est pas une URL http ou https`,
  'bad-update-url': (p) =>
    `${q(p.value)} n’est pas une URL https sans identifiants : les mises à jour ne viennent que par https`,
  'bad-sha256': (p) => `${q(p.value)} n’est pas une empreinte SHA-256 (64 chiffres hexadécimaux)`,
  'bad-domain': (p) =>
    `${q(p.value)} n’est pas un nom d’hôte en minuscules (comme "bloomberg.com")`,
  'out-of-range': (p) => `${p.value} est hors de l’intervalle ${p.min} à ${p.max}`,
  'not-integer': (p) => `${p.value} n’est pas un nombre entier`,
  'duplicate-id': (p) => `identifiant ${q(p.id)} en double (déjà en ${p.first})`,
  'duplicate-reference': (p) => `${q(p.id)} figure deux fois`,
  'self-reference': (p) => `${q(p.id)} renvoie à lui-même`,
  'unknown-source': (p) => `source inconnue ${q(p.id)}`,
  'unknown-entity': (p) => `entité inconnue ${q(p.id)}`,
  'unknown-fact': (p) => `fait inconnu ${q(p.id)}`,
  'too-many-aliases': (p) => `${p.count} alias en tout ; le maximum est ${p.max}`,
  'more-errors': (p) =>
    p.more === null ? 'autres erreurs non affichées' : `${p.more} autres erreurs non affichées`,
  internal: (p) => `le validateur a échoué (${p.detail}) ; merci de signaler ce pack`,
  'bad-signature': (p) =>
    ({
      malformed: `le fichier de signature n’en est pas un (${p.detail})`,
      mismatch:
        'la signature ne correspond pas à ce pack : il a été modifié après la signature, ou c’est un autre pack',
      'bad-key': 'la signature ne désigne aucune clé Ed25519 utilisable',
      'wrong-key': `signé par une autre clé que celle attendue (${p.detail})`,
      'no-bytes': 'une signature ne se vérifie que sur le fichier du pack lui-même',
    })[p.problem],
};

const TYPE_NAMES_FR: Record<string, string> = {
  string: 'texte',
  number: 'nombre',
  boolean: 'booléen',
  array: 'tableau',
  object: 'objet',
  null: 'null',
};

function typeFr(name: string): string {
  return TYPE_NAMES_FR[name] ?? name;
}

const renderers: Record<MessageLanguage, Renderers> = { en, fr };

/** The message alone, without the path. */
export function packErrorMessage(error: PackError, lang: MessageLanguage): string {
  const render = renderers[lang][error.code] as (params: PackError['params']) => string;
  return render(error.params);
}

/** `facts[12].source: unknown source "s9"`; `$` stands for the whole document. */
export function formatPackError(error: PackError, lang: MessageLanguage): string {
  const path = error.path === '' ? '$' : error.path;
  // French typography puts a no-break space before a colon.
  return `${path}${lang === 'fr' ? '\u00a0:' : ':'} ${packErrorMessage(error, lang)}`;
}
