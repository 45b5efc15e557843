import { Col, Form, Input, Row } from 'antd';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';

import { fieldRules, maxRule, requiredRule } from '../forms/rules.ts';

/** The header fields the system fills in (grey, read-only). */
export interface FilingParty {
  enterpriseName: string;
  uscc: string;
  customsCode: string | null;
  declarant: string | null;
  /** 申报状态 and 录入日期, in words; empty until the filing is first saved. */
  status?: string;
  createdAt?: string | null;
}

function Grey({ label, value, testId }: { label: string; value: string | null | undefined; testId: string }) {
  // Not a form field (no name), so the label is tied to its input by hand.
  const id = useId();
  return (
    <Form.Item label={label} htmlFor={id}>
      <Input id={id} readOnly tabIndex={-1} className="cw-readonly" value={value ?? ''} title={value ?? undefined} data-testid={testId} />
    </Form.Item>
  );
}

/**
 * 表头: enterprise fields grey (自动反填), contact and phone yellow (必填), remarks optional.
 * Names are `header.*`, as the server's field errors (`header.contactName`) name them.
 */
export function FilingHeaderFields({ party }: { party: FilingParty }) {
  const { t } = useTranslation();
  const rules = fieldRules(t);
  const required = requiredRule(t);
  const third = { xs: 24, md: 12, xl: 8 } as const;
  return (
    <Row gutter={16} className="cw-filing-header">
      <Col xs={24} xl={16}>
        <Grey label={t('filing.enterpriseName')} value={party.enterpriseName} testId="filing-enterprise-name" />
      </Col>
      <Col {...third}>
        <Grey label={t('filing.uscc')} value={party.uscc} testId="filing-uscc" />
      </Col>
      <Col {...third}>
        <Grey label={t('filing.customsCode')} value={party.customsCode} testId="filing-customs-code" />
      </Col>
      <Col {...third}>
        <Grey label={t('filing.declarant')} value={party.declarant} testId="filing-declarant" />
      </Col>
      <Col {...third}>
        <Grey label={t('filing.status')} value={party.status} testId="filing-status-text" />
      </Col>
      <Col {...third}>
        <Form.Item name={['header', 'contactName']} label={t('filing.contactName')} rules={[required, rules.personName]} required>
          <Input maxLength={30} className="cw-field-required" autoComplete="off" data-testid="filing-contact-name" />
        </Form.Item>
      </Col>
      <Col {...third}>
        <Form.Item name={['header', 'contactPhone']} label={t('filing.contactPhone')} rules={[required, rules.mobile]} required>
          <Input maxLength={11} inputMode="tel" className="cw-field-required" autoComplete="off" data-testid="filing-contact-phone" />
        </Form.Item>
      </Col>
      <Col {...third}>
        <Grey label={t('filing.createdAt')} value={party.createdAt} testId="filing-created-at" />
      </Col>
      <Col span={24}>
        <Form.Item name={['header', 'remarks']} label={t('filing.remarks')} rules={[maxRule(t, 500)]}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={500} placeholder={t('filing.remarksPlaceholder')} data-testid="filing-remarks" />
        </Form.Item>
      </Col>
    </Row>
  );
}
