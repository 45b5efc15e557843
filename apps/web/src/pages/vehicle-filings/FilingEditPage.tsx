import { ArrowLeftOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useParams, useSearchParams } from 'react-router-dom';

import type { VehicleFiling } from '@cargo-window/contracts';

import { isApiError } from '../../api/client.ts';
import { errorText } from '../../api/errors.ts';
import { useCurrentUser } from '../../features/auth/session.ts';
import { clearErrorsOnChange, useServerErrors } from '../../features/forms/use-server-errors.ts';
import { PageHeader } from '../../features/layout/PageHeader.tsx';
import { LoadFailed, PageLoading } from '../../features/layout/PageStates.tsx';
import { useDeclareFiling, useFiling, useSaveFiling, useVehicle } from '../../features/vehicles/api.ts';
import { ColourLegend, FilingStatusTag, formatDate, ReturnReason } from '../../features/vehicles/bits.tsx';
import { FilingHeaderFields, type FilingParty } from '../../features/vehicles/FilingHeaderFields.tsx';
import { changeOf, filingToForm, formToRequest, renameServerFields } from '../../features/vehicles/filing-form.ts';
import { filingStatusLabel } from '../../features/vehicles/labels.ts';
import { isBlankRow, type FilingFormValues, type VehicleRowValues } from '../../features/vehicles/rules.ts';
import { useVehicleImport } from '../../features/vehicles/useVehicleImport.tsx';
import { VehicleRowsEditor } from '../../features/vehicles/VehicleRowsEditor.tsx';

const editable = (filing: VehicleFiling) => filing.status === 'draft' || filing.status === 'returned';

/**
 * 新增 (`/vehicle-filings/new`, `?replaces=<vehicleId>` for a 变更) and 编辑
 * (`/vehicle-filings/:id/edit`). A declared or reviewed filing is read-only: its detail page.
 */
export function FilingEditPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const [params] = useSearchParams();
  const replaces = id ? undefined : (params.get('replaces') ?? undefined);
  const me = useCurrentUser();
  const filing = useFiling(id);
  const vehicle = useVehicle(replaces);

  if ((id && filing.isPending) || (replaces && vehicle.isPending)) return <PageLoading />;
  if (id && filing.isError) return <LoadFailed error={filing.error} onRetry={() => void filing.refetch()} />;
  if (replaces && vehicle.isError) return <LoadFailed error={vehicle.error} onRetry={() => void vehicle.refetch()} />;
  if (filing.data && !editable(filing.data)) return <Navigate to={`/vehicle-filings/${filing.data.id}`} replace />;

  const saved = filing.data;
  const party: FilingParty = saved
    ? { ...saved.header, status: filingStatusLabel(t, saved.status), createdAt: formatDate(saved.createdAt) }
    : { enterpriseName: me.enterprise?.name ?? '', uscc: me.enterprise?.uscc ?? '', customsCode: me.enterprise?.customsCode ?? null, declarant: me.user.name };
  const initial: FilingFormValues = saved
    ? filingToForm(saved)
    : { header: { contactName: '', contactPhone: '', remarks: '' }, vehicles: [vehicle.data ? changeOf(vehicle.data) : {}] };
  const title = saved ? t('filing.editTitle') : vehicle.data ? t('filing.changeTitle') : t('filing.newTitle');

  return <FilingEditor filing={saved} initial={initial} party={party} title={title} />;
}

/**
 * The form itself. It stays mounted when a first 暂存 moves the address from `new` to
 * `:id/edit`, so what the user typed (and any field errors) survive.
 */
function FilingEditor({ filing, initial, party, title }: { filing?: VehicleFiling; initial: FilingFormValues; party: FilingParty; title: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<FilingFormValues>();
  const [initialValues] = useState(initial);
  const errors = useServerErrors(form);
  const save = useSaveFiling();
  const declare = useDeclareFiling();
  const [pending, setPending] = useState<'save' | 'declare' | null>(null);

  const onImportedRows = (rows: VehicleRowValues[]) => {
    const current: VehicleRowValues[] = form.getFieldValue('vehicles') ?? [];
    form.setFieldValue('vehicles', [...current.filter((row) => !isBlankRow(row)), ...rows]);
  };
  const importer = useVehicleImport(onImportedRows);

  /** Drops untouched rows (e.g. the one Enter added last), validates every cell, builds the request. */
  const collect = async () => {
    errors.clear();
    const rows: VehicleRowValues[] = form.getFieldValue('vehicles') ?? [];
    const kept = rows.filter((row) => !isBlankRow(row));
    if (kept.length === 0) {
      void message.error(t('filing.emptyBody'));
      if (rows.length === 0) form.setFieldValue('vehicles', [{}]);
      // The blank row's cells (and the header's) say what they need.
      else await form.validateFields().catch(() => undefined);
      return null;
    }
    if (kept.length !== rows.length) form.setFieldValue('vehicles', kept);
    try {
      await form.validateFields();
    } catch (failure) {
      const first = (failure as { errorFields?: { name: (string | number)[] }[] }).errorFields?.[0];
      if (first) form.scrollToField(first.name, { block: 'center' });
      return null;
    }
    return formToRequest(form.getFieldsValue(true) as FilingFormValues);
  };

  const showError = (error: unknown) => {
    const fieldErrors = isApiError(error) ? error.fieldErrors : [];
    errors.show(error, { rename: renameServerFields(fieldErrors) });
    void message.error(errorText(t, error));
  };

  /** 暂存: POST the first time (the address becomes the filing's), PUT afterwards. */
  const saveDraft = async (): Promise<VehicleFiling | null> => {
    const body = await collect();
    if (!body) return null;
    try {
      const result = await save.mutateAsync({ filingId: filing?.id, body });
      if (!filing) navigate(`/vehicle-filings/${result.id}/edit`, { replace: true });
      return result;
    } catch (error) {
      showError(error);
      return null;
    }
  };

  const onSave = async () => {
    setPending('save');
    try {
      if (await saveDraft()) void message.success(t('filing.saved'));
    } finally {
      setPending(null);
    }
  };

  /** 申报: save what is on screen, then declare it; a declared filing opens read-only. */
  const onDeclare = async () => {
    setPending('declare');
    try {
      const result = await saveDraft();
      if (!result) return;
      try {
        await declare.mutateAsync(result.id);
        void message.success(t('filing.declared'));
        navigate(`/vehicle-filings/${result.id}`, { replace: true });
      } catch (error) {
        showError(error);
      }
    } finally {
      setPending(null);
    }
  };

  return (
    <>
      <PageHeader
        title={
          <span>
            {title} {filing ? <FilingStatusTag status={filing.status} testId="filing-status" /> : null}
          </span>
        }
        extra={
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/vehicle-filings')} data-testid="filing-back">
            {t('filing.back')}
          </Button>
        }
      />
      {filing?.status === 'returned' && filing.returnReason ? <ReturnReason reason={filing.returnReason} /> : null}
      <Form<FilingFormValues>
        form={form}
        className="cw-filing-form"
        layout="horizontal"
        labelCol={{ flex: '0 0 128px' }}
        labelWrap
        // Goes under its label only when the column leaves it less than an input's usual 180 px; sized
        // by its content (`1 1 auto`), a long error ("Enter an 11-digit mainland mobile number") did too.
        wrapperCol={{ flex: '1 1 180px' }}
        validateTrigger="onBlur"
        initialValues={initialValues}
        onValuesChange={clearErrorsOnChange(form)}
        requiredMark
        data-testid="filing-form"
      >
        <Card title={t('filing.headerSection')} extra={<ColourLegend />} className="cw-filing-card">
          <FilingHeaderFields party={party} />
        </Card>
        <Card title={t('filing.bodySection')} className="cw-filing-card">
          {importer.panel}
          <VehicleRowsEditor form={form} toolbar={importer.actions} />
        </Card>
        {errors.formError ? <Alert type="error" showIcon title={errors.formError} className="cw-form-alert" style={{ marginTop: 16 }} data-testid="form-error" /> : null}
        <div className="cw-filing-actions">
          <Button icon={<SaveOutlined />} onClick={() => void onSave()} loading={pending === 'save'} disabled={pending !== null} data-testid="filing-save">
            {t('filing.save')}
          </Button>
          <Button type="primary" icon={<SendOutlined />} onClick={() => void onDeclare()} loading={pending === 'declare'} disabled={pending !== null} data-testid="filing-declare">
            {t('filing.declare')}
          </Button>
        </div>
      </Form>
    </>
  );
}
