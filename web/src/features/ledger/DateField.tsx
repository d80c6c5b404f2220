/**
 * A date of the ledger (完成日期, 延期至, 佐证日期): the application's Chinese date picker, holding the
 * date as the text the API takes ("2026-11-20"), so forms and state keep their strings. Its own
 * file, not common.tsx: the home page reads common.tsx, and should not load a calendar with it.
 */
import { DatePicker } from 'antd';
import dayjs from 'dayjs';
import type { CSSProperties } from 'react';

const FORMAT = 'YYYY-MM-DD';

export function DateField({
  value,
  onChange,
  min,
  disabled,
  id,
  style,
  'aria-label': ariaLabel,
}: {
  value?: string | null;
  onChange?: (v: string) => void;
  /** The earliest date that may be chosen ("YYYY-MM-DD"). */
  min?: string;
  disabled?: boolean;
  /** Set by Form.Item, so that its label names the field. */
  id?: string;
  style?: CSSProperties;
  'aria-label'?: string;
}) {
  const v = value ? dayjs(value, FORMAT) : null;
  return (
    <DatePicker
      id={id}
      aria-label={ariaLabel}
      format={FORMAT}
      placeholder="选择日期"
      value={v && v.isValid() ? v : null}
      disabled={disabled}
      disabledDate={min ? (d) => d.isBefore(dayjs(min, FORMAT), 'day') : undefined}
      onChange={(d) => onChange?.(d ? d.format(FORMAT) : '')}
      style={{ width: '100%', ...style }}
    />
  );
}
