import { render } from 'preact';
import { Options } from './Options';
import { localizeDocument } from '@/components/localize-document';
import { t } from '@/lib/i18n';

localizeDocument();
document.title = t('optionsTitle');
render(<Options />, document.getElementById('app')!);
