import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, InputNumber, Tooltip, type FormInstance, type FormRule } from 'antd';
import { useTranslation } from 'react-i18next';

import { codeText } from '../../api/errors.ts';
import { MAX_AWBS } from './labels.ts';
import { checkedAwb, duplicateAwbIndexes } from './model.ts';

export interface AwbRowValue {
  awb?: string;
  pieces?: number | null;
  weightKg?: number | null;
}

/**
 * 运单 rows of the booking form (Form.List `awbs`): 运单号 checked on blur (normalised to
 * `176-12345675`, mod-7 check digit), 件数, 重量(kg); rows added and removed freely, at least one.
 */
export function AwbRows({ form }: { form: FormInstance }) {
  const { t } = useTranslation();
  const required: FormRule = { required: true, message: codeText(t, 'REQUIRED') };

  const awbRule = (index: number): FormRule => ({
    validator: async (_rule, value: unknown) => {
      if (value === undefined || value === null || value === '') return;
      if (typeof value !== 'string' || !checkedAwb(value)) throw new Error(codeText(t, 'AWB_INVALID'));
      const all = ((form.getFieldValue('awbs') ?? []) as AwbRowValue[]).map((row) => row?.awb);
      if (duplicateAwbIndexes(all).includes(index)) throw new Error(codeText(t, 'AWB_DUPLICATE'));
    },
  });

  /** On blur the typed number takes its canonical spelling (`17612345675` → `176-12345675`). */
  const canonicalise = (index: number) => {
    const value = form.getFieldValue(['awbs', index, 'awb']) as string | undefined;
    const canonical = checkedAwb(value);
    if (canonical && canonical !== value) form.setFieldValue(['awbs', index, 'awb'], canonical);
  };

  return (
    <Form.List name="awbs">
      {(fields, { add, remove }) => (
        <div data-testid="awb-rows">
          <div className="cw-awb-row cw-awb-head" aria-hidden>
            <span className="cw-awb-seq">{t('appt.seq')}</span>
            <span>{t('appt.awb')}</span>
            <span>{t('appt.pieces')}</span>
            <span>{t('appt.weightKg')}</span>
            <span />
          </div>
          {fields.map((field, index) => (
            <div className="cw-awb-row" key={field.key} data-testid={`awb-${index}`}>
              <span className="cw-awb-seq">{index + 1}</span>
              <Form.Item name={[field.name, 'awb']} className="cw-awb-number" rules={[required, awbRule(index)]} validateTrigger="onBlur">
                <Input
                  className="cw-mono"
                  maxLength={16}
                  inputMode="numeric"
                  autoComplete="off"
                  placeholder={t('appt.awbHolder')}
                  aria-label={`${t('appt.awb')} ${index + 1}`}
                  onBlur={() => canonicalise(index)}
                  data-testid={`awb-${index}-number`}
                />
              </Form.Item>
              <Form.Item name={[field.name, 'pieces']} className="cw-awb-pieces" rules={[required]} validateTrigger="onBlur">
                <InputNumber
                  min={1}
                  max={99_999}
                  precision={0}
                  style={{ width: '100%' }}
                  placeholder={t('appt.pieces')}
                  aria-label={`${t('appt.pieces')} ${index + 1}`}
                  data-testid={`awb-${index}-pieces`}
                />
              </Form.Item>
              <Form.Item name={[field.name, 'weightKg']} className="cw-awb-weight" rules={[required]} validateTrigger="onBlur">
                <InputNumber
                  min={0.1}
                  max={1_000_000}
                  precision={1}
                  style={{ width: '100%' }}
                  placeholder={t('appt.weightKg')}
                  aria-label={`${t('appt.weightKg')} ${index + 1}`}
                  data-testid={`awb-${index}-weight`}
                />
              </Form.Item>
              <Tooltip title={t('appt.awbRemove')}>
                <Button
                  className="cw-awb-remove"
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  disabled={fields.length <= 1}
                  onClick={() => remove(field.name)}
                  aria-label={t('appt.awbRemove')}
                  data-testid={`awb-${index}-remove`}
                />
              </Tooltip>
            </div>
          ))}
          <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({})} disabled={fields.length >= MAX_AWBS} data-testid="awb-add">
            {t('appt.awbAdd')}
          </Button>
        </div>
      )}
    </Form.List>
  );
}
