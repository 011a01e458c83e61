import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { StatusTag } from '../ui/StatusTag.tsx';
import { initI18n, setLanguage } from './index.ts';
import { useT } from './useT.ts';

function Probe() {
  const { t, language } = useT();
  return <p data-language={language}>{t('status.open')}</p>;
}

afterEach(async () => {
  await setLanguage('zh-CN');
});

describe('useT', () => {
  it('translates, and re-renders mounted components when the language changes', async () => {
    initI18n('zh-CN');
    await setLanguage('zh-CN');
    render(
      <>
        <Probe />
        <StatusTag status="resolved" />
      </>,
    );
    expect(screen.getByText('处理中')).toHaveAttribute('data-language', 'zh-CN');
    expect(screen.getByText('已解决')).toBeInTheDocument();
    await act(() => setLanguage('en'));
    expect(screen.getByText('Open')).toHaveAttribute('data-language', 'en');
    expect(screen.getByText('Resolved')).toBeInTheDocument();
  });
});
