import { DeleteOutlined, SaveOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Select, Tooltip } from 'antd';
import { memo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useWorkspace } from '../../app/services.tsx';
import { useAppStore } from '../../store/index.ts';
import { deleteSavedView, matchingSavedView, saveView, useSavedViews } from './savedViews.ts';

/** The agent's saved views: pick one to apply it, save the current view/filters/sort, delete. */
export const SavedViewsControl = memo(function SavedViewsControl() {
  const { t } = useTranslation();
  const { db } = useWorkspace();
  const { message } = App.useApp();
  const query = useAppStore((s) => s.queueQuery);
  const apply = useAppStore((s) => s.applyQueueQuery);
  const views = useSavedViews(db) ?? [];
  const current = matchingSavedView(views, query);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<{ name: string }>();

  async function save({ name }: { name: string }) {
    const saved = await saveView(db, name, query);
    setSaving(false);
    form.resetFields();
    void message.success(t('queue.saved.done', { name: saved.name }));
  }

  return (
    <>
      <Select
        size="small"
        virtual={false}
        popupMatchSelectWidth={false}
        aria-label={t('queue.saved.label')}
        placeholder={t('queue.saved.label')}
        value={current?.id}
        options={views.map((v) => ({ value: v.id, label: v.name }))}
        notFoundContent={t('queue.saved.none')}
        onChange={(id) => {
          const view = views.find((v) => v.id === id);
          if (view) apply(view);
        }}
        className="cd-queue-saved"
      />
      <Tooltip title={t('queue.saved.save')}>
        <Button
          size="small"
          icon={<SaveOutlined aria-hidden />}
          aria-label={t('queue.saved.save')}
          onClick={() => setSaving(true)}
        />
      </Tooltip>
      {current && (
        <Tooltip title={t('queue.saved.delete', { name: current.name })}>
          <Button
            size="small"
            danger
            icon={<DeleteOutlined aria-hidden />}
            aria-label={t('queue.saved.delete', { name: current.name })}
            onClick={() => void deleteSavedView(db, current.id)}
          />
        </Tooltip>
      )}
      <Modal
        open={saving}
        title={t('queue.saved.dialogTitle')}
        okText={t('queue.saved.confirm')}
        cancelText={t('queue.saved.cancel')}
        onOk={() => form.submit()}
        onCancel={() => setSaving(false)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(values) => void save(values)}>
          <Form.Item
            name="name"
            label={t('queue.saved.name')}
            rules={[{ required: true, whitespace: true, message: t('queue.saved.nameRequired') }]}
          >
            <Input maxLength={40} autoFocus />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
});
