export { type FlaggedTarget, type ModerationService, createModerationService } from './moderation.service.ts';
export * from './flag.types.ts';
export { MAX_NOTE } from './flag.parse.ts';
export { type ModerationAction, canModerate, visibleTo } from './moderation.policy.ts';
