import { App } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { materials as materialsApi } from '../../api/endpoints';
import { errorMessage } from '../../api/client';

/** 撤回: the author takes the submission back while the reviewer has not acted on it. */
export function useWithdraw(materialId: string, onWithdrawn: (status: string) => void) {
  const qc = useQueryClient();
  const { message, modal } = App.useApp();
  return () =>
    modal.confirm({
      title: '撤回审核申请？',
      content: '撤回后材料回到可修改状态，审核人的待办中不再显示；修改后可重新提交。',
      okText: '撤回',
      cancelText: '取消',
      okButtonProps: { ...{ 'data-testid': 'confirm-withdraw' } },
      onOk: async () => {
        try {
          const r = await materialsApi.withdraw(materialId);
          qc.invalidateQueries({ queryKey: ['materials'] });
          qc.invalidateQueries({ queryKey: ['material', materialId] });
          qc.invalidateQueries({ queryKey: ['events', materialId] });
          message.success('已撤回，可继续修改');
          onWithdrawn(r.status);
        } catch (e) {
          message.error(errorMessage(e));
        }
      },
    });
}
