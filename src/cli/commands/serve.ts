/** `jianshi serve`: the server, empty (first administrator: `jianshi user add NAME --admin`). */
import type { Command } from 'commander';
import { loadConfig } from '../../server/config.js';
import { startServer, stopOnSignals } from '../../server/main.js';
import { describeStore } from '../../storage/db.js';
import { createRepositories } from '../../storage/repositories/index.js';

export function register(program: Command): void {
  program
    .command('serve')
    .description('启动服务（无演示数据；首个管理员用 jianshi user add 姓名 --admin 创建）')
    .option('-p, --port <port>', '端口（也可用环境变量 PORT）')
    .action(async (o: { port?: string }) => {
      const config = loadConfig({ ...process.env, ...(o.port ? { PORT: o.port } : {}) });
      const r = await startServer(config);
      stopOnSignals(r);
      const people = await createRepositories(r.store).people.count();
      process.stderr.write(`检视 Jianshi 已启动：${r.url}（数据库：${describeStore(r.store)}）\n`);
      if (people === 0)
        process.stderr.write(
          '尚无任何账号：请运行 bin/jianshi user add 姓名 --admin --username 用户名 创建首个管理员。\n',
        );
    });
}
