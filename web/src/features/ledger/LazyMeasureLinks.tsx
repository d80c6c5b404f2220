/**
 * MeasureLinks, its code fetched when it is first shown: it sits in a closed panel of the editor,
 * and its table (antd's Table, with its CSS about a seventh of the editor's first load) is not
 * needed to write. Same props as MeasureLinks.
 */
import { lazy, Suspense, type ComponentProps } from 'react';
import { Typography } from 'antd';

const Inner = lazy(() => import('./MeasureLinks').then((m) => ({ default: m.MeasureLinks })));

export function MeasureLinks(props: ComponentProps<typeof Inner>) {
  return (
    <Suspense fallback={<Typography.Text type="secondary">正在读取措施与问题的对应…</Typography.Text>}>
      <Inner {...props} />
    </Suspense>
  );
}
