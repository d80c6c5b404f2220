/** Every membership with its organization (name, path): the people list's 组织与角色 column and filters. */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface DirectoryMembership {
  personId: string;
  orgId: string;
  orgName: string;
  orgPath: string;
  role: string;
}

export async function allMemberships(db: Kysely<Database>): Promise<DirectoryMembership[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('organizations', 'organizations.id', 'memberships.org_id')
    .select([
      'memberships.person_id',
      'memberships.org_id',
      'memberships.role',
      'organizations.name as org_name',
      'organizations.path as org_path',
    ])
    .orderBy('organizations.path')
    .orderBy('memberships.role')
    .execute();
  return rows.map((r) => ({
    personId: r.person_id,
    orgId: r.org_id,
    orgName: r.org_name,
    orgPath: r.org_path,
    role: r.role,
  }));
}
