/**
 * antd's List as the editor's checks and the home page use it (`size`, `dataSource`, `renderItem`,
 * `List.Item`), with antd's markup and styles but without antd's List module: that one brings
 * Pagination, and Pagination the whole Select (about 30 KB on the first load of both pages) for
 * a page switcher those lists never show. Like LightTabs beside it.
 */
import { Fragment, type CSSProperties, type HTMLAttributes, type Key, type ReactNode } from 'react';
import 'jianshi:antd-css/list';

interface ListProps<T> {
  dataSource: readonly T[];
  renderItem: (item: T, index: number) => ReactNode;
  size?: 'small' | 'default' | 'large';
  bordered?: boolean;
  split?: boolean;
  rowKey?: (item: T) => Key;
  style?: CSSProperties;
  className?: string;
  header?: ReactNode;
}

type ItemProps = HTMLAttributes<HTMLLIElement> & {
  /** Buttons or links at the item's end, as antd lays them out. */
  actions?: ReactNode[];
  [data: `data-${string}`]: string | undefined;
};

function ListItem({ className, children, actions, ...rest }: ItemProps) {
  return (
    <li className={`ant-list-item${className ? ` ${className}` : ''}`} {...rest}>
      {children}
      {!!actions?.length && (
        <ul className="ant-list-item-action">
          {actions.map((a, i) => (
            <li key={i}>
              {a}
              {i < actions.length - 1 && <em className="ant-list-item-action-split" />}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function ItemMeta({ avatar, title, description }: { avatar?: ReactNode; title?: ReactNode; description?: ReactNode }) {
  return (
    <div className="ant-list-item-meta">
      {avatar && <div className="ant-list-item-meta-avatar">{avatar}</div>}
      {(title || description) && (
        <div className="ant-list-item-meta-content">
          {title && <h4 className="ant-list-item-meta-title">{title}</h4>}
          {description && <div className="ant-list-item-meta-description">{description}</div>}
        </div>
      )}
    </div>
  );
}
ListItem.Meta = ItemMeta;

export function List<T>({
  dataSource,
  renderItem,
  size = 'default',
  bordered,
  split = true,
  rowKey,
  style,
  className,
  header,
}: ListProps<T>) {
  const cls = [
    'ant-list',
    size === 'small' ? 'ant-list-sm' : size === 'large' ? 'ant-list-lg' : '',
    split ? 'ant-list-split' : '',
    bordered ? 'ant-list-bordered' : '',
    className ?? '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div className={cls} style={style}>
      {header && <div className="ant-list-header">{header}</div>}
      <ul className="ant-list-items">
        {dataSource.map((item, i) => (
          <Fragment key={rowKey ? rowKey(item) : i}>{renderItem(item, i)}</Fragment>
        ))}
      </ul>
    </div>
  );
}
List.Item = ListItem;
