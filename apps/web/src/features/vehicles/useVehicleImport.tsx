import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Progress, Table, Typography } from 'antd';
import { useRef, useState, type ChangeEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { ImportError, ImportVehiclesResponse, ImportedVehicle } from '@cargo-window/contracts';

import { codeText, errorText } from '../../api/errors.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { downloads } from './api.ts';
import { IMPORT_MAX_BYTES, importVehicleSheet } from './import.ts';
import type { VehicleRowValues } from './rules.ts';

/** The server's field names of an import error, as the body's column titles. */
const fieldTitles: Record<string, string> = {
  plate: 'filing.plate',
  plateColor: 'filing.plateColor',
  vehicleType: 'filing.vehicleType',
  ratedLoadKg: 'filing.ratedLoad',
  driverName: 'filing.driverName',
  driverIdNo: 'filing.driverId',
  driverPhone: 'filing.driverPhone',
  vin: 'filing.vin',
  permitNo: 'filing.permit',
};

export function importedToRow(row: ImportedVehicle): VehicleRowValues {
  return {
    plate: row.plate,
    plateColor: row.plateColor,
    vehicleType: row.vehicleType,
    ratedLoadKg: String(row.ratedLoadKg),
    driverName: row.driverName,
    driverIdNo: row.driverIdNo,
    driverPhone: row.driverPhone,
    vin: row.vin ?? '',
    permitNo: row.permitNo ?? '',
    replacesVehicleId: null,
  };
}

type ImportState =
  | { phase: 'idle' }
  | { phase: 'uploading'; name: string; percent: number }
  | { phase: 'done'; result: ImportVehiclesResponse }
  | { phase: 'failed'; message: string };

/**
 * 下载模板 and 导入: the .xlsx goes up with a progress bar; the server answers with the rows it
 * could read and an error per bad cell. Good rows go into the body at once (nothing is saved
 * until 暂存/申报); the errors are listed above the body with their spreadsheet row numbers.
 */
export function useVehicleImport(onRows: (rows: VehicleRowValues[]) => void): { actions: ReactNode; panel: ReactNode } {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<ImportState>({ phase: 'idle' });

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    if (!/\.xlsx$/i.test(file.name)) {
      setState({ phase: 'failed', message: t('filing.importOnlyXlsx') });
      return;
    }
    if (file.size > IMPORT_MAX_BYTES) {
      setState({ phase: 'failed', message: t('filing.importTooBig') });
      return;
    }
    setState({ phase: 'uploading', name: file.name, percent: 0 });
    try {
      const result = await importVehicleSheet(file, (percent) => setState((s) => (s.phase === 'uploading' ? { ...s, percent } : s)));
      if (result.rows.length > 0) onRows(result.rows.map(importedToRow));
      setState({ phase: 'done', result });
    } catch (error) {
      setState({ phase: 'failed', message: errorText(t, error) });
    }
  };

  const actions = (
    <>
      <Button icon={<DownloadOutlined />} href={downloads.template(currentLanguage())} data-testid="filing-template">
        {t('filing.template')}
      </Button>
      <Button icon={<UploadOutlined />} onClick={() => input.current?.click()} loading={state.phase === 'uploading'} data-testid="filing-import">
        {t('filing.import')}
      </Button>
      <input
        ref={input}
        type="file"
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        style={{ display: 'none' }}
        onChange={(event) => void onFile(event)}
        data-testid="filing-import-input"
      />
    </>
  );

  return { actions, panel: <ImportPanel state={state} onClose={() => setState({ phase: 'idle' })} /> };
}

function ImportPanel({ state, onClose }: { state: ImportState; onClose: () => void }) {
  const { t } = useTranslation();
  switch (state.phase) {
    case 'idle':
      return null;
    case 'uploading':
      return (
        <div className="cw-import-progress" data-testid="import-progress">
          <Typography.Text type="secondary">{t('filing.importing', { name: state.name })}</Typography.Text>
          <Progress percent={state.percent} size="small" status="active" />
        </div>
      );
    case 'failed':
      return <Alert type="error" showIcon closable={{ onClose }} className="cw-import-result" title={state.message} data-testid="import-failed" />;
    case 'done': {
      const { rows, errors } = state.result;
      const title = rows.length > 0 ? t('filing.importDone', { count: rows.length }) : t('filing.importNothing');
      return (
        <Alert
          type={errors.length > 0 ? 'warning' : rows.length > 0 ? 'success' : 'info'}
          showIcon
          closable={{ onClose }}
          className="cw-import-result"
          title={title}
          data-testid="import-result"
          description={errors.length > 0 ? <ImportErrors errors={errors} /> : undefined}
        />
      );
    }
    default: {
      const unhandled: never = state;
      return unhandled;
    }
  }
}

function ImportErrors({ errors }: { errors: ImportError[] }) {
  const { t } = useTranslation();
  return (
    <>
      <div style={{ marginBottom: 8 }}>{t('filing.importErrors', { count: errors.length })}</div>
      <Table<ImportError & { index: number }>
        rowKey="index"
        size="small"
        pagination={errors.length > 10 ? { pageSize: 10, size: 'small' } : false}
        dataSource={errors.map((e, index) => ({ ...e, index }))}
        data-testid="import-errors"
        columns={[
          { key: 'row', title: t('filing.importRow'), dataIndex: 'row', width: 80 },
          { key: 'field', title: t('filing.importField'), dataIndex: 'field', width: 160, render: (v: string) => (fieldTitles[v] ? t(fieldTitles[v]) : v) },
          { key: 'message', title: t('filing.importMessage'), dataIndex: 'message', render: (v: string, e) => v || codeText(t, e.code) },
        ]}
      />
    </>
  );
}
