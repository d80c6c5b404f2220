/** `jianshi demo` (what `npm start` runs): the server on port 3000 with demo data created on first start. */
import type { Command } from 'commander';
import { loadConfig } from '../../server/config.js';
import { startServer, stopOnSignals } from '../../server/main.js';
import { DEMO_PASSWORD } from '../../server/demo.js';

export function register(program: Command): void {
  program
    .command('demo')
    .description('演示模式启动：首次启动时创建演示党委、两个支部、约十名人员、2023年会议和示例材料')
    .option('-p, --port <port>', '端口（也可用环境变量 PORT，默认 3000）')
    .action(async (o: { port?: string }) => {
      const config = loadConfig({ ...process.env, ...(o.port ? { PORT: o.port } : {}) }, { demo: true });
      const r = await startServer(config, { logger: process.env.LOG_LEVEL ? undefined : false });
      stopOnSignals(r);
      const shown = r.url.replace('0.0.0.0', 'localhost').replace('127.0.0.1', 'localhost');
      process.stderr.write(
        `检视 Jianshi（演示模式）：${shown}\n演示账号密码均为 ${DEMO_PASSWORD}：admin、wangjianguo（党委书记）、zhangwei（班子成员，有示例材料）、zhaomin（督导组）、liming（支部书记）……\n`,
      );
    });
}
