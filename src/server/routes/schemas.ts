/** The generic request schemas moved to the contract (src/contract/common.ts); re-exported while the routes move over. */
export { Id, IdParams, IsoDate, DateStr, IsoDateTime, Role, MaterialKindSchema, Ok } from '../../contract/common.js';
