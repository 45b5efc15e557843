import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Select, Table, Tooltip, Typography, type FormInstance, type TableColumnsType } from 'antd';
import { useCallback, useMemo, type HTMLAttributes, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { normalizePlate, plateColors } from '@cargo-window/contracts';

import { plateColorLabel, vehicleTypeCodes, vehicleTypeLabel } from './labels.ts';
import { vehicleRowRules, type FilingFormValues, type VehicleRowValues } from './rules.ts';

/** The cells of a row in keyboard order; `row-<i>-<cell>` is each cell's data-testid. */
export const rowCells = ['plate', 'plate-color', 'vehicle-type', 'rated-load', 'driver-name', 'driver-id', 'driver-phone', 'vin', 'permit'] as const;
type RowCell = (typeof rowCells)[number];

const cellTestId = (index: number, cell: RowCell) => `row-${index}-${cell}`;

/**
 * Focuses a cell once it is on the page (a row added by Enter renders on the next commit).
 * A Select carries its test id on the wrapper; its focusable part is the inner input.
 */
export function focusCell(testId: string, attempts = 20): void {
  const element = document.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
  if (!element) {
    if (attempts > 0) requestAnimationFrame(() => focusCell(testId, attempts - 1));
    return;
  }
  const target = element.matches('input, textarea') ? element : (element.querySelector<HTMLElement>('input, textarea') ?? element);
  // A row's first cells are pinned left: bring the table back to its start so the whole row shows.
  if (testId.endsWith('-plate')) element.closest('.ant-table-content, .ant-table-body')?.scrollTo({ left: 0 });
  target.focus();
  if (target instanceof HTMLInputElement) target.select();
}

interface Field {
  key: number;
  name: number;
}

/** Upper-cases and trims a code field when the user leaves it (not while typing: that would break IME input). */
function tidyOnBlur(form: FormInstance<FilingFormValues>, name: ['vehicles', number, keyof VehicleRowValues], tidy: (value: string) => string) {
  return () => {
    const value: unknown = form.getFieldValue(name);
    if (typeof value !== 'string') return;
    const next = tidy(value);
    if (next !== value) form.setFieldValue(name, next);
  };
}

const upperTrim = (value: string) => value.trim().toUpperCase();

/**
 * 表体: one editable row per vehicle. 序号 is the row's position (renumbered when a row is
 * deleted). Enter in a row's last field (道路运输证号) starts row n+1 and puts the cursor in its
 * plate; Enter in an earlier text field moves to the next field. Cells are validated on blur.
 */
export function VehicleRowsEditor({ form, toolbar }: { form: FormInstance<FilingFormValues>; toolbar?: ReactNode }) {
  const { t } = useTranslation();
  const rules = useMemo(() => vehicleRowRules(t), [t]);
  const colourOptions = useMemo(() => plateColors.map((value) => ({ value, label: plateColorLabel(t, value) })), [t]);
  const typeOptions = useMemo(() => vehicleTypeCodes.map((value) => ({ value, label: vehicleTypeLabel(t, value) })), [t]);

  const onEnter = useCallback(
    (index: number, cell: RowCell, add: (row: VehicleRowValues) => void) => (event: KeyboardEvent<HTMLInputElement>) => {
      if (event.key !== 'Enter' || event.nativeEvent.isComposing) return;
      event.preventDefault();
      const position = rowCells.indexOf(cell);
      if (position < rowCells.length - 1) {
        focusCell(cellTestId(index, rowCells[position + 1]));
        return;
      }
      const rows: VehicleRowValues[] = form.getFieldValue('vehicles') ?? [];
      if (index === rows.length - 1) add({});
      focusCell(cellTestId(index + 1, 'plate'));
    },
    [form],
  );

  const requiredTitle = (text: string) => <span className="cw-required-mark">{text}</span>;

  return (
    <Form.List name="vehicles">
      {(fields, { add, remove }) => {
        const replaced = (name: number): VehicleRowValues | undefined => form.getFieldValue(['vehicles', name]);
        // A cell's input is named by its column and row, as its column header and 序号 show it.
        const cellLabel = (name: number, column: string) => t('filing.cellLabel', { column: t(column), n: name + 1 });
        const text = (name: number, field: keyof VehicleRowValues, cell: RowCell, options: { required?: boolean; maxLength?: number; tidy?: (v: string) => string; inputMode?: 'numeric' | 'tel' | 'text'; readOnly?: boolean; label: string }) => (
          <Form.Item name={[name, field]} rules={fieldRules(name, field)}>
            <Input
              aria-label={cellLabel(name, options.label)}
              maxLength={options.maxLength}
              inputMode={options.inputMode}
              autoComplete="off"
              readOnly={options.readOnly}
              className={options.readOnly ? 'cw-readonly' : options.required ? 'cw-field-required' : undefined}
              onKeyDown={onEnter(name, cell, add)}
              onBlur={options.tidy ? tidyOnBlur(form, ['vehicles', name, field], options.tidy) : undefined}
              data-testid={cellTestId(name, cell)}
            />
          </Form.Item>
        );
        const fieldRules = (name: number, field: keyof VehicleRowValues) => {
          switch (field) {
            case 'plate':
              return rules.plate(name);
            case 'plateColor':
              return rules.plateColor(name);
            case 'vehicleType':
              return rules.vehicleType;
            case 'ratedLoadKg':
              return rules.ratedLoadKg;
            case 'driverName':
              return rules.driverName;
            case 'driverIdNo':
              return rules.driverIdNo;
            case 'driverPhone':
              return rules.driverPhone;
            case 'vin':
              return rules.vin;
            case 'permitNo':
              return rules.permitNo;
            case 'replacesVehicleId':
              return [];
            default: {
              const unhandled: never = field;
              return unhandled;
            }
          }
        };

        const columns: TableColumnsType<Field> = [
          {
            key: 'seq',
            title: t('filing.seq'),
            width: 60,
            align: 'center',
            fixed: 'left',
            render: (_v, field, index) => (
              <>
                <div className="cw-row-seq" data-testid={`row-${index}-seq`}>
                  {index + 1}
                </div>
                {replaced(field.name)?.replacesVehicleId ? (
                  <Tooltip title={t('filing.replacesHint', { plate: replaced(field.name)?.plate ?? '' })}>
                    <Typography.Text type="secondary" className="cw-row-change">
                      {t('filing.replaces')}
                    </Typography.Text>
                  </Tooltip>
                ) : null}
              </>
            ),
          },
          {
            key: 'plate',
            title: requiredTitle(t('filing.plate')),
            width: 130,
            fixed: 'left',
            render: (_v, field) =>
              text(field.name, 'plate', 'plate', { label: 'filing.plate', required: true, maxLength: 12, tidy: normalizePlate, readOnly: Boolean(replaced(field.name)?.replacesVehicleId) }),
          },
          {
            key: 'plateColor',
            title: requiredTitle(t('filing.plateColor')),
            width: 124,
            render: (_v, field) => (
              <Form.Item name={[field.name, 'plateColor']} rules={rules.plateColor(field.name)} dependencies={[['vehicles', field.name, 'plate']]} validateTrigger={['onChange', 'onBlur']}>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  options={colourOptions}
                  placeholder={t('filing.select')}
                  className="cw-field-required"
                  popupMatchSelectWidth={false}
                  aria-label={cellLabel(field.name, 'filing.plateColor')}
                  data-testid={cellTestId(field.name, 'plate-color')}
                />
              </Form.Item>
            ),
          },
          {
            key: 'vehicleType',
            title: requiredTitle(t('filing.vehicleType')),
            width: 150,
            render: (_v, field) => (
              <Form.Item name={[field.name, 'vehicleType']} rules={rules.vehicleType} validateTrigger={['onChange', 'onBlur']}>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  options={typeOptions}
                  placeholder={t('filing.select')}
                  className="cw-field-required"
                  popupMatchSelectWidth={false}
                  aria-label={cellLabel(field.name, 'filing.vehicleType')}
                  data-testid={cellTestId(field.name, 'vehicle-type')}
                />
              </Form.Item>
            ),
          },
          {
            key: 'ratedLoadKg',
            title: requiredTitle(t('filing.ratedLoad')),
            width: 124,
            render: (_v, field) => text(field.name, 'ratedLoadKg', 'rated-load', { label: 'filing.ratedLoad', required: true, maxLength: 6, inputMode: 'numeric', tidy: (v) => v.trim() }),
          },
          {
            key: 'driverName',
            title: requiredTitle(t('filing.driverName')),
            width: 116,
            render: (_v, field) => text(field.name, 'driverName', 'driver-name', { label: 'filing.driverName', required: true, maxLength: 30, tidy: (v) => v.trim() }),
          },
          {
            key: 'driverIdNo',
            title: requiredTitle(t('filing.driverId')),
            width: 196,
            render: (_v, field) => text(field.name, 'driverIdNo', 'driver-id', { label: 'filing.driverId', required: true, maxLength: 18, tidy: upperTrim }),
          },
          {
            key: 'driverPhone',
            title: requiredTitle(t('filing.driverPhone')),
            width: 136,
            render: (_v, field) => text(field.name, 'driverPhone', 'driver-phone', { label: 'filing.driverPhone', required: true, maxLength: 11, inputMode: 'tel', tidy: (v) => v.trim() }),
          },
          {
            key: 'vin',
            title: t('filing.vin'),
            width: 196,
            render: (_v, field) => text(field.name, 'vin', 'vin', { label: 'filing.vin', maxLength: 17, tidy: upperTrim }),
          },
          {
            key: 'permitNo',
            title: t('filing.permit'),
            width: 160,
            render: (_v, field) => text(field.name, 'permitNo', 'permit', { label: 'filing.permit', maxLength: 20, tidy: upperTrim }),
          },
          {
            key: 'actions',
            title: t('common.actions'),
            width: 64,
            align: 'center',
            fixed: 'right',
            render: (_v, field, index) => (
              <Tooltip title={t('filing.deleteRow')}>
                <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('filing.deleteRow')} onClick={() => remove(field.name)} data-testid={`row-${index}-delete`} />
              </Tooltip>
            ),
          },
        ];

        return (
          <>
            <div className="cw-filing-body-toolbar">
              <Typography.Text type="secondary">{t('filing.enterHint')}</Typography.Text>
              <div className="cw-filing-body-toolbar-actions">
                {toolbar}
                <Button
                  icon={<PlusOutlined />}
                  onClick={() => {
                    add({});
                    focusCell(cellTestId(fields.length, 'plate'));
                  }}
                  data-testid="row-add"
                >
                  {t('filing.addRow')}
                </Button>
              </div>
            </div>
            <Table<Field>
              className="cw-rows-table"
              rowKey="key"
              columns={columns}
              dataSource={fields}
              pagination={false}
              size="small"
              tableLayout="fixed"
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: t('filing.emptyBody') }}
              onRow={(_field, index) => ({ 'data-testid': `row-${index}` }) as HTMLAttributes<HTMLElement>}
              data-testid="filing-rows"
            />
          </>
        );
      }}
    </Form.List>
  );
}
