/** People and their accounts, invitations to set a password (routes/people). */
import { z } from 'zod';
import { ROLE_LABELS, ROLES } from '../core/auth/policy.js';

const Email = z.string().trim().max(200).email('电子邮箱格式不正确').nullable().optional();
const InvitationToken = z.string().min(10).max(300);

export const PeopleQuerySchema = z.strictObject({
  q: z.string().max(100).optional(),
  orgId: z.string().min(1).max(64).optional(),
  role: z.enum(ROLES, { error: `角色只能是：${Object.values(ROLE_LABELS).join('、')}` }).optional(),
});
export type PeopleQuery = z.input<typeof PeopleQuerySchema>;

export const PersonCreateSchema = z.strictObject({
  name: z.string().trim().min(1).max(50),
  title: z.string().max(100).nullable().optional(),
  username: z.string().min(2).max(64).optional(),
  password: z.string().min(1).max(256).optional(),
  isAdmin: z.boolean().optional(),
  invite: z.boolean().optional(),
  email: Email,
});
export type PersonCreate = z.input<typeof PersonCreateSchema>;

export const PersonPatchSchema = z.strictObject({
  name: z.string().trim().min(1).max(50).optional(),
  title: z.string().max(100).nullable().optional(),
  disabled: z.boolean().optional(),
  isAdmin: z.boolean().optional(),
  password: z.string().min(1).max(256).optional(),
  email: Email,
});
export type PersonPatch = z.input<typeof PersonPatchSchema>;

export const InvitationDescribeSchema = z.strictObject({ token: InvitationToken });
export const InvitationAcceptSchema = z.strictObject({ token: InvitationToken, password: z.string().min(1).max(256) });

/** A person as system administrators (and the person himself) see him. */
export const PersonSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Login name (null: no account). */
  username: z.string().nullable(),
  isAdmin: z.boolean(),
  disabled: z.boolean(),
  mustChangePassword: z.boolean(),
  title: z.string().nullable(),
  /** For notices by e-mail; null: in-app only. */
  email: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Person = z.output<typeof PersonSchema>;

/** An invitation link: the page's path; the token goes after `#` (never in a server log). */
export const InvitationSchema = z.object({ token: z.string(), path: z.string(), expiresAt: z.string() });
export type Invitation = z.output<typeof InvitationSchema>;

/** POST /api/people: the person, and with `invite` the invitation link at once. */
export const CreatedPersonSchema = PersonSchema.extend({ invitation: InvitationSchema.optional() });
export type CreatedPerson = z.output<typeof CreatedPersonSchema>;

/** A role of a listed person, in an organization the viewer may list memberships of. */
export const ListedMembershipSchema = z.object({ orgId: z.string(), orgName: z.string(), role: z.string() });

/**
 * A person in GET /api/people. System administrators (and the person himself) get the whole
 * Person; others see whom to pick: no login name, no mail (null), no account flags.
 */
export const ListedPersonSchema = z.object({
  id: z.string(),
  name: z.string(),
  title: z.string().nullable(),
  username: z.string().nullable(),
  email: z.string().nullable(),
  /** Whether the person has a login (also when `username` is withheld). */
  hasAccount: z.boolean(),
  memberships: z.array(ListedMembershipSchema),
  isAdmin: z.boolean().optional(),
  disabled: z.boolean().optional(),
  mustChangePassword: z.boolean().optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
});
export type ListedPerson = z.output<typeof ListedPersonSchema>;
export const PeopleListSchema = z.object({ items: z.array(ListedPersonSchema) });
export type PeopleList = z.output<typeof PeopleListSchema>;

/** The invitation page: whose account the link is for. */
export const InvitationAccountSchema = z.object({ name: z.string(), username: z.string() });
export type InvitationAccount = z.output<typeof InvitationAccountSchema>;
export const InvitationAcceptedSchema = z.object({ username: z.string() });
export type InvitationAccepted = z.output<typeof InvitationAcceptedSchema>;
