import { Alert, App, AutoComplete, Col, DatePicker, Form, Input, InputNumber, Modal, Radio, Row, TimePicker, type ButtonProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';

import type { Terminal } from '@cargo-window/contracts';

import { useCreateTerminal, useUpdateTerminal, type TerminalInput } from '../../features/appointments/api.ts';
import { clearErrorsOnChange, useServerErrors } from '../../features/forms/use-server-errors.ts';

const timeZones = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Urumqi', 'Asia/Tokyo', 'Asia/Singapore', 'Europe/Frankfurt', 'Europe/Paris', 'America/Chicago', 'America/Los_Angeles', 'UTC'];
const weekdays = ['1', '2', '3', '4', '5', '6', '7'] as const;

type HoursMode = 'all' | 'daily' | 'custom';

interface Values {
  code: string;
  name: string;
  timeZone: string;
  slotMinutes: 30 | 60;
  capacity: { pickup: number; delivery: number };
  horizonDays: number;
  minLeadMinutes: number;
  toleranceMinutes: number;
  hoursMode: HoursMode;
  daily?: [Dayjs, Dayjs] | null;
  closedDates?: Dayjs[];
}

/** The opening hours a terminal has, as the form's choice: all day, the same hours every day, or something else. */
function hoursOf(terminal: Terminal | null): { mode: HoursMode; daily: [Dayjs, Dayjs] | null } {
  const hours = terminal?.hours;
  if (!hours) return { mode: 'all', daily: null };
  const first = hours['1']?.[0];
  const uniform = first && weekdays.every((d) => hours[d]?.length === 1 && hours[d][0][0] === first[0] && hours[d][0][1] === first[1]);
  if (!uniform || first[1] === '24:00') return { mode: 'custom', daily: null };
  return { mode: 'daily', daily: [dayjs(`2000-01-01T${first[0]}`), dayjs(`2000-01-01T${first[1]}`)] };
}

/** 新增货站 / 编辑货站: time zone, slot length, capacity per flag, horizon, lead time, tolerance, hours, closed dates. */
export function TerminalFormModal({ open, terminal, onClose }: { open: boolean; terminal: Terminal | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const errors = useServerErrors(form);
  const create = useCreateTerminal();
  const update = useUpdateTerminal();
  const hoursMode = Form.useWatch('hoursMode', form);
  const initialHours = hoursOf(terminal);
  const required = { required: true, message: t('REQUIRED', { ns: 'errors' }) };

  const initialValues: Partial<Values> = terminal
    ? {
        code: terminal.code,
        name: terminal.name,
        timeZone: terminal.timeZone,
        slotMinutes: terminal.slotMinutes === 30 ? 30 : 60,
        capacity: terminal.capacity,
        horizonDays: terminal.horizonDays,
        minLeadMinutes: terminal.minLeadMinutes,
        toleranceMinutes: terminal.toleranceMinutes,
        hoursMode: initialHours.mode,
        daily: initialHours.daily,
        closedDates: terminal.closedDates.map((d) => dayjs(d)),
      }
    : { timeZone: 'Asia/Shanghai', slotMinutes: 60, capacity: { pickup: 10, delivery: 10 }, horizonDays: 3, minLeadMinutes: 60, toleranceMinutes: 30, hoursMode: 'all', closedDates: [] };

  const onOk = async () => {
    errors.clear();
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const input: TerminalInput = {
      code: values.code.trim().toUpperCase(),
      name: values.name.trim(),
      timeZone: values.timeZone.trim(),
      slotMinutes: values.slotMinutes,
      capacity: { pickup: values.capacity.pickup, delivery: values.capacity.delivery },
      horizonDays: values.horizonDays,
      minLeadMinutes: values.minLeadMinutes,
      toleranceMinutes: values.toleranceMinutes,
      closedDates: (values.closedDates ?? []).map((d) => d.format('YYYY-MM-DD')).sort(),
    };
    if (values.hoursMode === 'all') input.hours = null;
    if (values.hoursMode === 'daily' && values.daily) {
      const interval: [string, string] = [values.daily[0].format('HH:mm'), values.daily[1].format('HH:mm')];
      input.hours = Object.fromEntries(weekdays.map((d) => [d, [interval]]));
    }
    const handlers = {
      onSuccess: () => {
        void message.success(terminal ? t('adminTerminals.updated') : t('adminTerminals.created'));
        onClose();
      },
      onError: (error: unknown) => errors.show(error),
    };
    if (terminal) update.mutate({ id: terminal.id, ...input }, handlers);
    else create.mutate(input, handlers);
  };

  return (
    <Modal
      open={open}
      width={720}
      title={terminal ? t('adminTerminals.editTitle', { code: terminal.code }) : t('adminTerminals.createTitle')}
      onOk={() => void onOk()}
      onCancel={onClose}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'terminal-confirm' } as ButtonProps}
      confirmLoading={create.isPending || update.isPending}
      destroyOnHidden
      afterClose={() => errors.clear()}
    >
      {terminal ? <Alert className="cw-section" type="info" showIcon title={t('adminTerminals.settingsHint')} /> : null}
      {/* The form's store outlives the dialog: clearOnDestroy, or an edited terminal's values win over 新增货站's defaults. */}
      <Form<Values> form={form} layout="vertical" preserve={false} clearOnDestroy initialValues={initialValues} onValuesChange={clearErrorsOnChange(form)}>
        <Row gutter={16}>
          <Col xs={24} sm={10}>
            <Form.Item name="code" label={t('adminTerminals.code')} extra={t('adminTerminals.codeHint')} rules={[required, { pattern: /^[A-Za-z0-9][A-Za-z0-9_-]{1,31}$/, message: t('INVALID_VALUE', { ns: 'errors' }) }]}>
              <Input maxLength={32} className="cw-mono" data-testid="terminal-code" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={14}>
            <Form.Item name="name" label={t('adminTerminals.name')} rules={[{ ...required, whitespace: true }]}>
              <Input maxLength={100} data-testid="terminal-name" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="timeZone" label={t('adminTerminals.timeZone')} rules={[{ ...required, whitespace: true }]}>
              <AutoComplete options={timeZones.map((z) => ({ value: z }))} data-testid="terminal-timezone" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="slotMinutes" label={t('adminTerminals.slotMinutes')} rules={[required]}>
              <Radio.Group optionType="button" buttonStyle="solid" data-testid="terminal-slot-minutes">
                <Radio.Button value={60}>
                  <span data-testid="terminal-slot-60">{t('adminTerminals.minutes', { n: 60 })}</span>
                </Radio.Button>
                <Radio.Button value={30}>
                  <span data-testid="terminal-slot-30">{t('adminTerminals.minutes', { n: 30 })}</span>
                </Radio.Button>
              </Radio.Group>
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name={['capacity', 'pickup']} label={t('adminTerminals.capacityPickup')} rules={[required]}>
              <InputNumber min={0} max={10_000} precision={0} style={{ width: '100%' }} data-testid="terminal-capacity-pickup" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name={['capacity', 'delivery']} label={t('adminTerminals.capacityDelivery')} rules={[required]}>
              <InputNumber min={0} max={10_000} precision={0} style={{ width: '100%' }} data-testid="terminal-capacity-delivery" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="horizonDays" label={t('adminTerminals.horizonDays')} rules={[required]}>
              <InputNumber min={1} max={60} precision={0} style={{ width: '100%' }} data-testid="terminal-horizon" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="minLeadMinutes" label={t('adminTerminals.minLeadMinutes')} rules={[required]}>
              <InputNumber min={0} max={1440} precision={0} style={{ width: '100%' }} data-testid="terminal-lead" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="toleranceMinutes" label={t('adminTerminals.toleranceMinutes')} rules={[required]}>
              <InputNumber min={0} max={240} precision={0} style={{ width: '100%' }} data-testid="terminal-tolerance" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={16}>
            <Form.Item name="hoursMode" label={t('adminTerminals.hours')}>
              <Radio.Group data-testid="terminal-hours-mode">
                <Radio value="all">{t('adminTerminals.allDay')}</Radio>
                <Radio value="daily">{t('adminTerminals.daily')}</Radio>
                {initialHours.mode === 'custom' ? <Radio value="custom">{t('adminTerminals.custom')}</Radio> : null}
              </Radio.Group>
            </Form.Item>
          </Col>
          {hoursMode === 'daily' ? (
            <Col xs={24} sm={12}>
              <Form.Item name="daily" label={t('adminTerminals.hours')} rules={[required]}>
                <TimePicker.RangePicker format="HH:mm" minuteStep={30} order style={{ width: '100%' }} data-testid="terminal-hours" />
              </Form.Item>
            </Col>
          ) : null}
          <Col xs={24}>
            <Form.Item name="closedDates" label={t('adminTerminals.closedDates')}>
              <DatePicker multiple style={{ width: '100%' }} data-testid="terminal-closed-dates" />
            </Form.Item>
          </Col>
        </Row>
        {errors.formError ? <Alert type="error" showIcon title={errors.formError} data-testid="form-error" /> : null}
      </Form>
    </Modal>
  );
}
