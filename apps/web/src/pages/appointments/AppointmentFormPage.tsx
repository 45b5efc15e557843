import { ArrowLeftOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Form, Grid, Input, Radio, Result, Row, Select, Space, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';

import type { AppointmentDetail, AppointmentFlag, DeclarationType, Slot, Vehicle } from '@cargo-window/contracts';

import { isApiError } from '../../api/client.ts';
import { errorText } from '../../api/errors.ts';
import { terminalKeys, useActiveVehicles, useAppointment, useCreateAppointment, useSubmitAppointment, useTerminals, useUpdateAppointment, type AppointmentInput } from '../../features/appointments/api.ts';
import { AwbRows, type AwbRowValue } from '../../features/appointments/AwbRows.tsx';
import { appointmentFlagCodes, declarationTypeCodes, terminalLabel } from '../../features/appointments/labels.ts';
import { checkedAwb, slotAvailability } from '../../features/appointments/model.ts';
import { SlotCalendar } from '../../features/appointments/SlotCalendar.tsx';
import { StatusTag } from '../../features/appointments/StatusTag.tsx';
import { slotRange } from '../../features/appointments/time.ts';
import { fieldRules, requiredRule } from '../../features/forms/rules.ts';
import { clearErrorsOnChange, useServerErrors } from '../../features/forms/use-server-errors.ts';
import { PageHeader } from '../../features/layout/PageHeader.tsx';
import { LoadFailed, PageLoading } from '../../features/layout/PageStates.tsx';

interface FormValues {
  terminalId?: string;
  flag: AppointmentFlag;
  declarationType: DeclarationType;
  vehicleId?: string;
  driverName?: string;
  driverPhone?: string;
  driverIdNo?: string;
  awbs: AwbRowValue[];
}

/** The 409 codes that are about the chosen slot: the user must pick another one. */
const slotRefusals = new Set(['SLOT_FULL', 'SLOT_PAST', 'SLOT_CLOSED', 'LEAD_TIME', 'BEYOND_HORIZON']);

const vehicleLabel = (v: Pick<Vehicle, 'plate' | 'driverName'>) => `${v.plate} · ${v.driverName}`;

/** 提/交货预约 → 新增 (and 修改 of a draft): form, AWB rows, slot calendar, 保存 / 提交预约. */
export default function AppointmentFormPage() {
  const { id } = useParams<{ id: string }>();
  const location = useLocation();
  const existing = useAppointment(id);
  if (id && existing.isPending) return <PageLoading />;
  if (id && existing.isError) return <LoadFailed error={existing.error} onRetry={() => void existing.refetch()} />;
  // A new location (继续预约) starts an empty form.
  return <AppointmentForm key={`${id ?? 'new'}:${location.key}`} initial={id ? (existing.data ?? null) : null} />;
}

function AppointmentForm({ initial }: { initial: AppointmentDetail | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const errors = useServerErrors(form);
  const rules = fieldRules(t);
  const required = requiredRule(t);

  const terminals = useTerminals();
  const vehicles = useActiveVehicles();
  const create = useCreateAppointment();
  const update = useUpdateAppointment();
  const submit = useSubmitAppointment();

  const [draft, setDraft] = useState<AppointmentDetail | null>(initial);
  const [slot, setSlot] = useState<Pick<Slot, 'id' | 'start' | 'end'> | null>(initial ? initial.slot : null);
  const [slotMissing, setSlotMissing] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [result, setResult] = useState<AppointmentDetail | null>(null);
  const calendarRef = useRef<HTMLDivElement>(null);
  /** The body of the last successful save, so 提交预约 right after 保存 does not save again. */
  const savedBody = useRef<string | null>(null);

  const terminalId = Form.useWatch('terminalId', form);
  const flag = Form.useWatch('flag', form) ?? 'delivery';
  const vehicleId = Form.useWatch('vehicleId', form);
  const driverName = Form.useWatch('driverName', form);

  const terminalList = terminals.data?.items;
  const terminal = terminalList?.find((x) => x.id === terminalId) ?? null;
  const vehicleList = useMemo(() => vehicles.data?.items ?? [], [vehicles.data]);
  const vehicle = vehicleList.find((v) => v.id === vehicleId) ?? null;
  const otherDriver = Boolean(vehicle && driverName && driverName.trim() !== vehicle.driverName);

  // A single terminal is chosen for the user.
  useEffect(() => {
    if (!initial && terminalList?.length && !form.getFieldValue('terminalId')) form.setFieldValue('terminalId', terminalList[0].id);
  }, [terminalList, initial, form]);

  // Submitting books the draft, and the cached appointment turns booked with it: the result comes
  // first, or the page would answer its own booking with "only drafts can be changed".
  if (result) return <BookingResult detail={result} onAgain={() => navigate('/appointments/new')} />;

  const notADraft = initial !== null && initial.status !== 'draft';
  if (notADraft) {
    return (
      <>
        <PageHeader title={t('appt.editTitle', { businessNo: initial.businessNo })} />
        <Result status="warning" title={t('appt.notEditable')} extra={<Button onClick={() => navigate(`/appointments/${initial.id}`)}>{t('appt.toDetail')}</Button>} />
      </>
    );
  }

  const onVehicleChange = (id: string) => {
    const chosen = vehicleList.find((v) => v.id === id);
    if (chosen) form.setFieldsValue({ driverName: chosen.driverName, driverPhone: chosen.driverPhone, driverIdNo: undefined });
  };

  const onSlotChange = (next: Slot) => {
    setSlot(next);
    setSlotMissing(false);
    setRefusal(null);
  };

  /** The form as the API's body, or null (the form shows what is missing). */
  const collect = async (): Promise<AppointmentInput | null> => {
    errors.clear();
    const values = await form.validateFields().catch(() => null);
    if (!slot) {
      setSlotMissing(true);
      calendarRef.current?.scrollIntoView({ behavior: 'smooth', block: 'center' });
    }
    if (!values || !slot || !values.terminalId || !values.vehicleId) return null;
    const chosen = vehicleList.find((v) => v.id === values.vehicleId);
    const name = values.driverName?.trim();
    const idNo = values.driverIdNo?.trim().toUpperCase();
    return {
      terminalId: values.terminalId,
      slotId: slot.id,
      flag: values.flag,
      declarationType: values.declarationType,
      vehicleId: values.vehicleId,
      awbs: values.awbs.map((row) => ({ awb: checkedAwb(row.awb) ?? (row.awb ?? '').trim(), pieces: Number(row.pieces), weightKg: Number(row.weightKg) })),
      driverName: name || undefined,
      driverPhone: values.driverPhone?.trim() || undefined,
      driverIdNo: idNo && chosen && name !== chosen.driverName ? idNo : undefined,
    };
  };

  /** 保存: creates the draft (业务统一编号) or replaces it — unless nothing changed since the last save. */
  const save = async (input: AppointmentInput): Promise<AppointmentDetail | null> => {
    const body = JSON.stringify(input);
    if (draft && savedBody.current === body) return draft;
    try {
      const saved = draft ? await update.mutateAsync({ id: draft.id, ...input }) : await create.mutateAsync(input);
      savedBody.current = body;
      setDraft(saved);
      return saved;
    } catch (error) {
      errors.show(error);
      return null;
    }
  };

  const onSave = async () => {
    const input = await collect();
    if (!input) return;
    const saved = await save(input);
    if (saved) void message.success(t('appt.saved', { businessNo: saved.businessNo }));
  };

  /** 提交预约: save, then take a place; a 409 keeps the draft for another slot. */
  const onSubmit = async () => {
    setRefusal(null);
    const input = await collect();
    if (!input) return;
    const saved = await save(input);
    if (!saved) return;
    try {
      const booked = await submit.mutateAsync(saved.id);
      setResult(booked);
    } catch (error) {
      if (isApiError(error) && error.status === 409) {
        setRefusal(errorText(t, error));
        if (slotRefusals.has(error.code)) setSlot(null);
        void queryClient.invalidateQueries({ queryKey: terminalKeys.all });
        calendarRef.current?.scrollIntoView({ behavior: 'smooth', block: 'center' });
      } else {
        errors.show(error);
      }
    }
  };

  /** Places left in the chosen slot, from the calendar already loaded. */
  const remainingIn = (picked: Pick<Slot, 'id'>, forFlag: AppointmentFlag, lead: number): number | null => {
    const cached = queryClient.getQueriesData<{ days: { slots: Slot[] }[] }>({ queryKey: ['terminals', terminal!.id, 'calendar'] });
    for (const [, data] of cached) {
      const found = data?.days.flatMap((d) => d.slots).find((s) => s.id === picked.id);
      if (found) return slotAvailability(found, forFlag, Date.now(), lead).remaining;
    }
    return null;
  };

  const busy = create.isPending || update.isPending || submit.isPending;
  const pickedSlot = slot && terminal ? remainingIn(slot, flag, terminal.minLeadMinutes) : null;

  return (
    <>
      <PageHeader
        title={draft ? t('appt.editTitle', { businessNo: draft.businessNo }) : t('appt.newTitle')}
        extra={
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/appointments')}>
            {t('appt.back')}
          </Button>
        }
      />
      {draft ? (
        <Alert
          className="cw-section"
          type="info"
          showIcon
          title={
            <span data-testid="appt-draft">
              {t('appt.draftBanner', { businessNo: draft.businessNo })} <StatusTag status={draft.status} />
            </span>
          }
        />
      ) : null}
      <Form<FormValues>
        form={form}
        layout="vertical"
        validateTrigger="onBlur"
        onValuesChange={clearErrorsOnChange(form)}
        initialValues={
          initial
            ? {
                terminalId: initial.terminal.id,
                flag: initial.flag,
                declarationType: initial.declarationType,
                vehicleId: initial.vehicleId,
                driverName: initial.driverName,
                driverPhone: initial.driverPhone,
                driverIdNo: initial.driverIdNo ?? undefined,
                awbs: initial.awbs.map((a) => ({ awb: a.awb, pieces: a.pieces, weightKg: a.weightKg })),
              }
            : { flag: 'delivery', declarationType: 'ordinary', awbs: [{}] }
        }
      >
        <Card title={t('appt.sectionBasic')} className="cw-section">
          <Row gutter={16}>
            <Col xs={24} md={12} xl={8}>
              <Form.Item name="terminalId" label={t('appt.terminal')} rules={[{ required: true, message: t('REQUIRED', { ns: 'errors' }) }]}>
                <Select
                  placeholder={t('appt.terminalPlaceholder')}
                  loading={terminals.isPending}
                  disabled={Boolean(draft)}
                  options={terminalList?.map((x) => ({ value: x.id, label: terminalLabel(x, t) }))}
                  onChange={() => setSlot(null)}
                  data-testid="appt-terminal"
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} md={6} xl={8}>
              <Form.Item name="flag" label={t('appt.flag')} rules={[{ required: true, message: t('REQUIRED', { ns: 'errors' }) }]}>
                <Radio.Group optionType="button" buttonStyle="solid" data-testid="appt-flag">
                  {appointmentFlagCodes.map((f) => (
                    <Radio.Button key={f} value={f}>
                      <span data-testid={`appt-flag-${f}`}>{t(`appt.flagLabels.${f}`)}</span>
                    </Radio.Button>
                  ))}
                </Radio.Group>
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} md={6} xl={8}>
              <Form.Item name="declarationType" label={t('appt.declarationType')} extra={t('appt.operationalHint')} rules={[{ required: true, message: t('REQUIRED', { ns: 'errors' }) }]}>
                <Radio.Group optionType="button" buttonStyle="solid" data-testid="appt-declaration-type">
                  {declarationTypeCodes.map((d) => (
                    <Radio.Button key={d} value={d}>
                      <span data-testid={`appt-declaration-type-${d}`}>{t(`appt.declarationTypeLabels.${d}`)}</span>
                    </Radio.Button>
                  ))}
                </Radio.Group>
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={8}>
              <Form.Item
                name="vehicleId"
                label={t('appt.vehicle')}
                rules={[{ required: true, message: t('REQUIRED', { ns: 'errors' }) }]}
                extra={vehicles.isSuccess && vehicleList.length === 0 ? <Link to="/vehicle-filings">{t('appt.noVehicles')}</Link> : undefined}
              >
                <Select
                  placeholder={t('appt.vehiclePlaceholder')}
                  loading={vehicles.isPending}
                  showSearch={{ optionFilterProp: 'label' }}
                  options={vehicleList.map((v) => ({ value: v.id, label: vehicleLabel(v) }))}
                  onChange={onVehicleChange}
                  notFoundContent={t('appt.noVehicles')}
                  data-testid="appt-vehicle"
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={8}>
              <Form.Item name="driverName" label={t('appt.driverName')} rules={[required, rules.personName]}>
                <Input maxLength={30} data-testid="appt-driver-name" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={8}>
              <Form.Item name="driverPhone" label={t('appt.driverPhone')} rules={[required, rules.mobile]}>
                <Input maxLength={11} inputMode="tel" data-testid="appt-driver-phone" />
              </Form.Item>
            </Col>
            {otherDriver ? (
              <Col xs={24} md={12} xl={8}>
                <Form.Item name="driverIdNo" label={t('appt.driverIdNo')} extra={t('appt.driverIdNoHint')}>
                  <Input maxLength={18} className="cw-mono" data-testid="appt-driver-id-no" />
                </Form.Item>
              </Col>
            ) : null}
          </Row>
        </Card>

        <Card title={t('appt.sectionAwbs')} className="cw-section">
          <AwbRows form={form} />
        </Card>
      </Form>

      <div ref={calendarRef}>
        <Card title={t('appt.sectionSlot')} className="cw-section" extra={terminal ? <Typography.Text type="secondary">{terminal.name}</Typography.Text> : null}>
          {refusal ? (
            <Alert className="cw-section" type="error" showIcon title={refusal} description={t('appt.refusedHint')} data-testid="appt-error" />
          ) : null}
          {terminal ? <SlotCalendar terminal={terminal} flag={flag} value={slot?.id ?? null} onChange={onSlotChange} /> : <Typography.Text type="secondary">{t('appt.calendarNoTerminal')}</Typography.Text>}
          {slotMissing && !slot ? <Alert className="cw-cal-picked" type="warning" showIcon title={t('appt.pickSlot')} data-testid="appt-slot-missing" /> : null}
        </Card>
      </div>

      {errors.formError ? <Alert className="cw-section" type="error" showIcon title={errors.formError} data-testid="form-error" /> : null}

      <div className="cw-form-footer">
        <span className="cw-form-footer-info" data-testid="appt-picked">
          {slot ? t('appt.pickedSlot', { range: slotRange(slot), remaining: pickedSlot ?? '—' }) : t('appt.pickSlot')}
        </span>
        <Space wrap>
          <Button icon={<SaveOutlined />} onClick={() => void onSave()} loading={create.isPending || update.isPending} disabled={busy} data-testid="appt-save">
            {t('appt.save')}
          </Button>
          <Button type="primary" icon={<SendOutlined />} onClick={() => void onSubmit()} loading={submit.isPending} disabled={busy} data-testid="appt-submit">
            {t('appt.submit')}
          </Button>
        </Space>
      </div>
    </>
  );
}

/** 预约成功 (or 提交 for 作业) with the 18-digit 提交货预约编号. */
function BookingResult({ detail, onAgain }: { detail: AppointmentDetail; onAgain: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const booked = detail.status === 'booked';
  // On a phone each label sits above its value, so the numbers drivers read out keep the full width and one line.
  const phone = Grid.useBreakpoint().sm === false;
  return (
    <Card className="cw-appt-result" data-testid="appt-result" data-status={detail.status} data-appointment-no={detail.appointmentNo ?? ''}>
      <Result
        status={booked ? 'success' : 'info'}
        title={booked ? t('appt.resultBooked') : t('appt.resultSubmitted')}
        subTitle={booked ? t('appt.resultBookedDesc') : t('appt.resultSubmittedDesc')}
        extra={[
          <Button type="primary" key="detail" onClick={() => navigate(`/appointments/${detail.id}`)} data-testid="appt-result-detail">
            {t('appt.toDetail')}
          </Button>,
          <Button key="again" onClick={onAgain} data-testid="appt-result-again">
            {t('appt.again')}
          </Button>,
          <Button key="list" onClick={() => navigate('/appointments')}>
            {t('appt.toList')}
          </Button>,
        ]}
      >
        <Descriptions
          column={{ xs: 1, sm: 2 }}
          layout={phone ? 'vertical' : 'horizontal'}
          bordered
          size="small"
          items={[
            {
              key: 'appointmentNo',
              label: t('appt.appointmentNo'),
              span: 2,
              children: detail.appointmentNo ? (
                <span className="cw-appt-no" data-testid="appt-result-no">
                  {detail.appointmentNo}
                </span>
              ) : (
                t('common.none')
              ),
            },
            { key: 'status', label: t('appt.status'), children: <StatusTag status={detail.status} testId="appt-result-status" large /> },
            { key: 'businessNo', label: t('appt.businessNo'), children: <span className="cw-mono cw-nowrap">{detail.businessNo}</span> },
            { key: 'plate', label: t('appt.plate'), children: detail.plate },
            { key: 'slot', label: t('appt.slot'), children: slotRange(detail.slot) },
          ]}
        />
      </Result>
    </Card>
  );
}
