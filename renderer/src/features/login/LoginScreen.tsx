import { LockOutlined, UserOutlined } from '@ant-design/icons';
import type { AppInfo } from '@shared/api/contract.ts';
import type { Agent } from '@shared/domain/index.ts';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorCode } from '../../api/apiError.ts';
import { useApi } from '../../app/services.tsx';
import { errorMessageKey } from '../../i18n/errorMessage.ts';
import { LanguageSwitch } from '../../app/LanguageSwitch.tsx';

interface LoginValues {
  username: string;
  password: string;
}

/** The sign-in screen; in demo mode it lists the demo accounts, which fill the form on click. */
export function LoginScreen({ info, onLoggedIn }: { info: AppInfo | null; onLoggedIn(agent: Agent): void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [form] = Form.useForm<LoginValues>();
  const [submitting, setSubmitting] = useState(false);
  const [errorKey, setErrorKey] = useState<ReturnType<typeof errorMessageKey> | null>(null);

  async function submit(values: LoginValues) {
    setSubmitting(true);
    setErrorKey(null);
    try {
      const { agent } = await api.session.login({
        username: values.username.trim(),
        password: values.password,
      });
      onLoggedIn(agent);
    } catch (err) {
      setErrorKey(errorMessageKey(errorCode(err)));
    } finally {
      setSubmitting(false);
    }
  }

  const demoAccounts = info?.demoMode ? info.demoAccounts : [];

  return (
    <main className="cd-login">
      <div className="cd-login-lang">
        <LanguageSwitch />
      </div>
      <Card className="cd-login-card">
        <Typography.Title level={3}>{t('login.title')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('login.subtitle')}</Typography.Paragraph>
        {errorKey && (
          <Alert role="alert" type="error" showIcon title={t(errorKey)} className="cd-login-error" />
        )}
        <Form<LoginValues>
          form={form}
          layout="vertical"
          aria-label={t('login.form')}
          onFinish={submit}
          requiredMark={false}
          initialValues={{ username: '', password: '' }}
        >
          <Form.Item
            label={t('login.username')}
            name="username"
            rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
          >
            <Input prefix={<UserOutlined aria-hidden />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item
            label={t('login.password')}
            name="password"
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input.Password prefix={<LockOutlined aria-hidden />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={submitting}>
            {t('login.submit')}
          </Button>
        </Form>
        {demoAccounts.length > 0 && (
          <section aria-label={t('login.demoAccounts')} className="cd-login-demo">
            <Typography.Text strong>{t('login.demoAccounts')}</Typography.Text>
            <Typography.Paragraph type="secondary">{t('login.demoHint')}</Typography.Paragraph>
            <ul className="cd-login-demo-list">
              {demoAccounts.map((account) => {
                const role = t(`role.${account.role as 'agent'}`, { defaultValue: account.role });
                return (
                  <li key={account.username}>
                    <Button
                      type="link"
                      aria-label={t('login.useDemoAccount', { username: account.username, role })}
                      onClick={() => {
                        form.setFieldsValue({ username: account.username, password: account.password });
                        setErrorKey(null);
                      }}
                    >
                      {account.username}
                    </Button>
                    <Typography.Text type="secondary">{role}</Typography.Text>
                  </li>
                );
              })}
            </ul>
          </section>
        )}
      </Card>
    </main>
  );
}
