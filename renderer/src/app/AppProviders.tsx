import { IconProvider } from '@ant-design/icons';
import { App as AntApp, ConfigProvider, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

const THEME = {
  algorithm: theme.defaultAlgorithm,
  token: {
    colorPrimary: '#2f6fb2',
    borderRadius: 6,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', sans-serif",
  },
};

/**
 * Icons do not insert their base style on every mount (a scan of the page's style elements each
 * time, dozens per frame while the queue scrolls): ConfigProvider already renders antd's global
 * icon style (`.anticon`, spin included) once.
 */
const ICONS = { prefixCls: 'anticon', zeroRuntime: true };

/** antd's theme and locale, following the i18next language. */
export function AppProviders({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const language = i18n.language;
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  return (
    <ConfigProvider
      locale={language === 'en' ? enUS : zhCN}
      theme={THEME}
      button={{ autoInsertSpace: false }}
      // No click ripple: it measured ~10 % of a case's render (a token hook per button) for decoration.
      wave={{ disabled: true }}
    >
      <IconProvider value={ICONS}>
        <AntApp>{children}</AntApp>
      </IconProvider>
    </ConfigProvider>
  );
}
