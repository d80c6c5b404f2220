/**
 * `jianshi user add NAME [--username U] [--admin] [--email ADDR] [--password-stdin]`: create an account on the
 * configured database (the first administrator of `jianshi serve`). Without --password-stdin a
 * random password is generated and printed once.
 */
import type { Command } from 'commander';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../server/config.js';
import { migrateToLatest, openDatabase } from '../../storage/db.js';
import { createRepositories } from '../../storage/repositories/index.js';
import { createPerson } from '../../server/domain/accounts.js';
import { JianshiError } from '../../core/errors.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export function register(program: Command): void {
  const user = program.command('user').description('账号管理');
  user
    .command('add')
    .description('创建账号（--admin 为系统管理员）')
    .argument('<name>', '姓名')
    .option('-u, --username <username>', '登录用户名（默认与姓名相同）')
    .option('--admin', '系统管理员')
    .option('--password-stdin', '从标准输入读取密码（否则随机生成并显示一次）')
    .option('--email <address>', '电子邮箱（整改提醒等邮件发往此处）')
    .action(
      async (name: string, o: { username?: string; admin?: boolean; passwordStdin?: boolean; email?: string }) => {
        if (o.email !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(o.email))
          throw new JianshiError('E_BAD_ARGUMENT', `电子邮箱格式不正确：${o.email}`);
        const config = loadConfig();
        let password: string;
        let generated = false;
        if (o.passwordStdin) {
          password = await readStdin();
          if (!password) throw new JianshiError('E_WEAK_PASSWORD', '标准输入中没有密码。');
        } else {
          password = randomBytes(9).toString('base64url');
          generated = true;
        }
        const store = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
        try {
          await migrateToLatest(store.db);
          const p = await createPerson(createRepositories(store), null, {
            name,
            username: o.username ?? name,
            password,
            isAdmin: !!o.admin,
            email: o.email ?? null,
          });
          process.stdout.write(`已创建${p.isAdmin ? '系统管理员' : '账号'}：${p.name}（用户名 ${p.username}）\n`);
          if (generated) process.stdout.write(`初始密码：${password}\n请登录后立即修改。\n`);
        } finally {
          await store.close();
        }
      },
    );
}
