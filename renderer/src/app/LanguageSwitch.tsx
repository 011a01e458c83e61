import { GlobalOutlined } from '@ant-design/icons';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { currentLanguage, LANGUAGES, setLanguage, type Language } from '../i18n/index.ts';

export function LanguageSwitch() {
  const { t } = useTranslation();
  return (
    <Select<Language>
      aria-label={t('app.language')}
      value={currentLanguage()}
      onChange={(lang) => void setLanguage(lang)}
      prefix={<GlobalOutlined aria-hidden />}
      variant="borderless"
      popupMatchSelectWidth={false}
      options={LANGUAGES.map((lang) => ({ value: lang, label: t(`app.languages.${lang}`) }))}
    />
  );
}
