import { render } from 'preact';
import { Popup } from './Popup';
import { localizeDocument } from '@/components/localize-document';
import { t } from '@/lib/i18n';

localizeDocument();
document.title = t('extName');
render(<Popup />, document.getElementById('app')!);
