/**
 * Notifications already in the demo inboxes (types from the shared catalogue, so they are named in
 * words). `readBy`: recipients who have read it; everyone else still has it unread.
 */
export type DemoNotification = {
  type: string;
  to: string[];
  title: string;
  body: string;
  critical?: boolean;
  readBy?: string[];
};

export const DEMO_NOTIFICATIONS: DemoNotification[] = [
  {
    type: "report.daily", to: ["admin", "sunjianguo", "zhangwei", "lina", "wangfang"],
    title: "运营日报：GMV ¥1,284,300（环比 +6.2%）", body: "新增用户 3,412，支付转化率 4.8%，客单价 ¥186。详情见报表中心「运营日报」。",
    readBy: ["sunjianguo", "lina", "wangfang"],
  },
  {
    type: "job.succeeded", to: ["lina"],
    title: "任务成功：每日用户画像更新", body: "用时 6 分 12 秒，处理 1,920,447 条记录。", readBy: ["lina"],
  },
  {
    type: "deploy.finished", to: ["xuhao", "mazhiqiang", "hejun", "liuyang"],
    title: "发布完成：ops-api v2.14.0 已上线生产", body: "灰度 10% → 100% 无异常，回滚窗口 24 小时。", readBy: ["xuhao", "hejun"],
  },
  {
    type: "audit.weekly", to: ["chenjing", "tangjing", "admin"],
    title: "审计周报：2 次账号锁定，6 项用户与部门变更", body: "另有 1 次越权修改被拒绝（lina → 吴倩）。点击查看审计日志。", readBy: ["tangjing"],
  },
  {
    type: "ticket.assigned", to: ["songjia", "luoting"],
    title: "工单已指派：App 支付页白屏 #T-20261202-014", body: "客户反馈 iOS 18 下支付页白屏，已指派给宋佳，优先级 高。", readBy: ["luoting"],
  },
  {
    type: "job.failed", to: ["liuyang", "gaofeng", "admin"],
    title: "任务失败：订单对账 daily-reconcile", body: "第 3 次重试仍失败：支付网关接口超时（504）。请检查 payment-gateway 的连接池。",
  },
  {
    type: "approval.requested", to: ["zhangwei", "admin"],
    title: "待审批：双十二活动预算追加 ¥50,000", body: "运营二部 郑宇 提交，理由：站外投放 ROI 高于预期，需追加预算。",
  },
  {
    type: "ops.disk_alert", to: ["gaofeng", "linxiaoyu", "admin"],
    title: "磁盘告警：db-prod-02 /data 使用率 91%", body: "近 24 小时增长 6%，预计 3 天内写满。建议清理归档或扩容。",
  },
];
