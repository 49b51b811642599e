import type { Migration } from "../migrate.ts";

/**
 * Directory links (seed 002: feishu_id, dingtalk_id, wechat_work_id on users): the account a user has
 * in each platform's directory, set by an administrator or a directory sync. Sign-in with Feishu,
 * DingTalk or WeCom matches a user through these (never by display name) and then binds the chat
 * identity in user_identities. Feishu ids may be an open_id, union_id or user_id; DingTalk's the
 * staff userId; WeCom's the userid. Unique among live users so one platform account is one person.
 */
export const m049UserDirectoryLinks: Migration = {
  version: 49,
  name: "user-directory-links",
  statements: () => [
    "ALTER TABLE users ADD COLUMN feishu_id TEXT",
    "ALTER TABLE users ADD COLUMN dingtalk_id TEXT",
    "ALTER TABLE users ADD COLUMN wechat_work_id TEXT",
    "CREATE UNIQUE INDEX users_feishu_id ON users(feishu_id) WHERE feishu_id IS NOT NULL AND deleted_at IS NULL",
    "CREATE UNIQUE INDEX users_dingtalk_id ON users(dingtalk_id) WHERE dingtalk_id IS NOT NULL AND deleted_at IS NULL",
    "CREATE UNIQUE INDEX users_wechat_work_id ON users(wechat_work_id) WHERE wechat_work_id IS NOT NULL AND deleted_at IS NULL",
  ],
};
