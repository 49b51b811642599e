/**
 * One tag per module (defineRoute tags an operation with its module), described in zh-CN for the
 * docs page. Modules that land later get their entry here; until then the document still declares
 * their tag, with a generic description, so the linter's tag rules hold.
 */
const MODULE_TAGS: Record<string, { title: string; description: string }> = {
  iam: {
    title: "身份与权限",
    description: "登录、令牌刷新、两步验证、单点登录；用户、部门、角色与权限目录；会话与安全设置；聊天账号绑定。",
  },
  audit: { title: "审计", description: "操作日志与登录日志的查询、导出（CSV）、哈希链校验与归档。" },
  notify: {
    title: "通知",
    description: "站内信箱与实时推送流、通知偏好与渠道可用性、浏览器推送订阅；模板、发送、发送日志、黑名单与 Webhook 管理。",
  },
  chat: { title: "聊天控制台", description: "网页版聊天控制台：用与 Slack / 飞书 / 钉钉相同的命令语法执行命令、点击卡片按钮。" },
  workbench: { title: "工作台", description: "首页工作台：待办、快捷入口与概览。" },
  help: { title: "帮助中心", description: "帮助页面的查看、编辑、版本与恢复。" },
  feedback: { title: "意见反馈", description: "提交与处理用户反馈。" },
  jobs: { title: "作业调度", description: "作业的增删改查、定时、手动运行、暂停/恢复、补数与运行记录。" },
  flows: { title: "流程编排", description: "DAG 流程的版本化定义与运行。" },
  approvals: { title: "审批", description: "审批定义、发起、待办与处理。" },
  tickets: { title: "工单", description: "问题与需求工单的创建、流转与查询。" },
  config: { title: "配置中心", description: "配置表、记录、版本、发布与消费。" },
  reports: { title: "报表", description: "数据源、数据集、报表、导出与订阅。" },
  monitor: { title: "监控告警", description: "监控概览、告警规则与告警处理。" },
};

export type TagObject = { name: string; description: string };

/** Declared tags for the names the operations use, in first-use order. */
export function tagsFor(used: Iterable<string>): TagObject[] {
  return [...new Set(used)].map((name) => {
    const known = MODULE_TAGS[name];
    return known ? { name, description: `**${known.title}**：${known.description}` } : { name, description: `\`${name}\` 模块的接口。` };
  });
}
