/**
 * The import boundaries of docs/ARCHITECTURE.md are enforced by `npm run lint`: these probes lint a
 * would-be file in each guarded folder with the project's own eslint.config.js and expect the
 * boundary error (and none for an allowed import). Type-aware rules are switched off for the
 * probes, which exist only in memory.
 */
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root, overrideConfig: [tseslint.configs.disableTypeChecked] });

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === 'jianshi/boundaries').map((m) => m.message);
}

describe('import boundaries', () => {
  it('a core file importing storage fails the lint', async () => {
    const errors = await boundaryErrors(
      'src/core/probe.ts',
      "import { openDatabase } from '../storage/db.js';\nexport const x = openDatabase;\n",
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('src/storage/db.js');
  });

  it('a core file importing a Node built-in or a package fails the lint', async () => {
    expect(
      await boundaryErrors(
        'src/core/text/probe.ts',
        "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
      ),
    ).toHaveLength(1);
    expect(
      await boundaryErrors('src/core/text/probe.ts', "import { z } from 'zod';\nexport const x = z;\n"),
    ).toHaveLength(1);
  });

  it('a core file importing core passes', async () => {
    expect(
      await boundaryErrors(
        'src/core/meeting/probe.ts',
        "export { quorum } from './attendance.js';\nexport * from '../errors.js';\n",
      ),
    ).toEqual([]);
  });

  it('a web file importing the server fails the lint; the core is allowed', async () => {
    const errors = await boundaryErrors(
      'web/src/features/probe.ts',
      "import { buildApp } from '../../../src/server/app';\nexport const x = buildApp;\n",
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('src/server/app');
    expect(
      await boundaryErrors(
        'web/src/features/probe.ts',
        "export { quorum } from '../../../src/core/meeting/attendance';\n",
      ),
    ).toEqual([]);
  });

  it('the CLI importing a route folder, and storage or formats importing the server, fail the lint', async () => {
    expect(
      await boundaryErrors(
        'src/cli/commands/probe.ts',
        "export { ledgerRoutes } from '../../server/routes/ledger/index.js';\n",
      ),
    ).toHaveLength(1);
    expect(
      await boundaryErrors('src/storage/probe.ts', "export { toHttpError } from '../server/errors.js';\n"),
    ).toHaveLength(1);
    expect(
      await boundaryErrors('src/formats/probe.ts', "export { toHttpError } from '../server/errors.js';\n"),
    ).toHaveLength(1);
  });

  it('the contract imports only the core, itself and zod; the web takes it as types only', async () => {
    expect(
      await boundaryErrors('src/contract/probe.ts', "export { z } from 'zod';\nexport * from './common.js';\n"),
    ).toEqual([]);
    expect(
      await boundaryErrors('src/contract/probe.ts', "export { openDatabase } from '../storage/db.js';\n"),
    ).toHaveLength(1);
    expect(await boundaryErrors('src/contract/probe.ts', "export { Kysely } from 'kysely';\n")).toHaveLength(1);
    expect(
      await boundaryErrors('web/src/api/probe.ts', "export type { OkBody } from '../../../src/contract/common';\n"),
    ).toEqual([]);
    const value = await boundaryErrors('web/src/api/probe.ts', "export { Ok } from '../../../src/contract/common';\n");
    expect(value).toHaveLength(1);
    expect(value[0]).toContain('import type');
  });

  it('a domain service reaching for SQL or a database handle fails the lint', async () => {
    const [result] = await eslint.lintText("import { sql } from 'kysely';\nexport const x = sql;\n", {
      filePath: 'src/server/domain/probe.ts',
    });
    expect(result.messages.map((m) => m.ruleId)).toContain('no-restricted-imports');
    expect(
      await boundaryErrors('src/server/domain/probe.ts', "export { openDatabase } from '../../storage/db.js';\n"),
    ).toHaveLength(1);
    expect(
      await boundaryErrors(
        'src/server/domain/probe.ts',
        "export { materialsRepository } from '../../storage/repositories/materials.js';\n",
      ),
    ).toHaveLength(1);
    expect(
      await boundaryErrors(
        'src/server/domain/probe.ts',
        "export type { Repositories } from '../../storage/repositories/index.js';\n",
      ),
    ).toEqual([]);
  });
});
