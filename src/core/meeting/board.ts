/**
 * The meetings list (GET /api/meetings/board): a meeting as the list reads it from storage. What the
 * route answers (each meeting with its phase and progress) is declared in src/contract/meetings.ts.
 */

/** A meeting as the list reads it from storage. */
export interface BoardMeeting {
  id: string;
  orgId: string;
  orgName: string;
  kind: string;
  year: number;
  theme: string;
  heldOn: string | null;
  status: string;
  createdAt: string;
}
