import { ArrowLeftOutlined, CheckOutlined, RollbackOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Space, type ButtonProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';

import { errorText } from '../../api/errors.ts';
import { maxRule, requiredRule } from '../../features/forms/rules.ts';
import { PageHeader } from '../../features/layout/PageHeader.tsx';
import { LoadFailed, PageLoading } from '../../features/layout/PageStates.tsx';
import { useApproveFiling, useReturnFiling, useReviewFiling } from '../../features/vehicles/api.ts';
import { FilingView } from '../../features/vehicles/FilingView.tsx';

/** One filing for a reviewer: read-only, 审核通过 or 退回 (with a reason) while it is declared. */
export function ReviewFilingPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { id } = useParams();
  const filing = useReviewFiling(id);
  const approve = useApproveFiling();
  const [returning, setReturning] = useState(false);

  if (filing.isPending) return <PageLoading />;
  if (filing.isError) return <LoadFailed error={filing.error} onRetry={() => void filing.refetch()} />;
  const data = filing.data;
  const reviewable = data.status === 'declared';

  const onApprove = () =>
    approve.mutate(data.id, {
      onSuccess: () => {
        void message.success(t('filingReview.approvedDone'));
        navigate('/review/vehicle-filings');
      },
      onError: (error) => void message.error(errorText(t, error)),
    });

  return (
    <>
      <PageHeader
        title={`${t('filingReview.title')} · ${data.header.enterpriseName}`}
        extra={
          <Space wrap>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/review/vehicle-filings')} data-testid="review-back">
              {t('filingReview.back')}
            </Button>
            {reviewable ? (
              <>
                <Button danger icon={<RollbackOutlined />} onClick={() => setReturning(true)} disabled={approve.isPending} data-testid="review-return">
                  {t('filingReview.return')}
                </Button>
                <Button type="primary" icon={<CheckOutlined />} onClick={onApprove} loading={approve.isPending} data-testid="review-approve">
                  {t('filingReview.approve')}
                </Button>
              </>
            ) : null}
          </Space>
        }
      />
      <FilingView filing={data} showEnterprise />
      <ReturnModal
        filingId={returning ? data.id : null}
        onClose={() => setReturning(false)}
        onDone={() => {
          setReturning(false);
          void message.success(t('filingReview.returnedDone'));
          navigate('/review/vehicle-filings');
        }}
      />
    </>
  );
}

/** 退回: the reason is required; the enterprise reads it in its notification and on the filing. */
function ReturnModal({ filingId, onClose, onDone }: { filingId: string | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const returnFiling = useReturnFiling();

  const onOk = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values || !filingId) return;
    returnFiling.mutate(
      { filingId, reason: values.reason.trim() },
      {
        onSuccess: onDone,
        onError: (error) => void message.error(errorText(t, error)),
      },
    );
  };

  return (
    <Modal
      open={filingId !== null}
      title={t('filingReview.returnTitle')}
      onOk={() => void onOk()}
      onCancel={onClose}
      okText={t('filingReview.return')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true, 'data-testid': 'review-return-confirm' } as ButtonProps}
      confirmLoading={returnFiling.isPending}
      destroyOnHidden
      afterClose={() => form.resetFields()}
      data-testid="review-return-modal"
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="reason" label={t('filingReview.returnReason')} rules={[requiredRule(t), maxRule(t, 500)]}>
          <Input.TextArea rows={4} maxLength={500} showCount placeholder={t('filingReview.returnReasonPlaceholder')} autoFocus data-testid="review-return-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
