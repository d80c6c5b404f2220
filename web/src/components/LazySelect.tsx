/**
 * antd's Select, its code (rc-select and its virtual list, about 30 KB) fetched once the page has
 * rendered rather than before it: the editor shows one beside every problem (its 方面), and the
 * editor should appear without waiting for them. Until the code has arrived (a moment later) a
 * disabled field of the same width shows the chosen option's label: disabled, so that nothing
 * clicked in that moment is lost (and a test's click waits for the real one).
 */
import { lazy, Suspense, type ComponentType } from 'react';
import { Input, type SelectProps } from 'antd';

type Props = SelectProps & { 'data-testid'?: string };
const Real = lazy(() => import('antd/es/select') as unknown as Promise<{ default: ComponentType<Props> }>);

export function Select(props: Props) {
  const chosen = props.options?.find((o) => o.value === props.value);
  const label = chosen && (typeof chosen.label === 'string' || typeof chosen.label === 'number') ? chosen.label : '';
  return (
    <Suspense
      fallback={
        <Input
          size={props.size}
          disabled
          aria-label={props['aria-label']}
          data-testid={props['data-testid']}
          placeholder={typeof props.placeholder === 'string' ? props.placeholder : undefined}
          value={String(label)}
          style={{ width: 'auto', ...(props.style ?? {}) }}
        />
      }
    >
      <Real {...props} />
    </Suspense>
  );
}
