/**
 * antd's DatePicker, its code (with its calendar and its CSS, about a tenth of the editor's first
 * load) fetched once the page has rendered rather than before: until it has arrived (a moment
 * later) a disabled field of the same size shows the value. Disabled,
 * so that nothing typed or clicked in that moment is lost (and a test's click waits for the picker).
 * For pages opened first (the editor); other pages import DatePicker from antd directly.
 */
import { lazy, Suspense, type ComponentType } from 'react';
import { Input, type DatePickerProps } from 'antd';
import type { Dayjs } from 'dayjs';

/** One date (no `multiple`): the value and what onChange is handed are a Dayjs or null. */
type Props = Omit<DatePickerProps, 'value' | 'onChange' | 'multiple'> & {
  value?: Dayjs | null;
  onChange?: (d: Dayjs | null) => void;
};
const Picker = lazy(() => import('antd/es/date-picker') as unknown as Promise<{ default: ComponentType<Props> }>);

export function DatePicker(props: Props) {
  const v = props.value;
  const fmt = props.picker === 'month' ? 'YYYY-MM' : 'YYYY-MM-DD';
  return (
    <Suspense
      fallback={
        <Input
          size={props.size}
          disabled
          aria-label={props['aria-label']}
          placeholder={typeof props.placeholder === 'string' ? props.placeholder : undefined}
          value={v ? v.format(fmt) : ''}
          style={{ width: props.picker === 'month' ? 120 : 150, ...(props.style ?? {}) }}
        />
      }
    >
      <Picker {...props} />
    </Suspense>
  );
}
