/**
 * The demo company (OPS_DEMO=1): 上海云程科技有限公司, an operations team with its support
 * functions. The first five users and departments are the ones the demo has always had (tests and
 * the README name them); the rest of the company is added around them.
 */

export const DEMO_PASSWORD = "Ops@demo2026";
/** Shared TOTP secret of the demo users with MFA on (add it to an authenticator app to sign in as them). */
export const DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPOPSDEMO2";
export const DEMO_EMAIL_DOMAIN = "example.com";

/** `key` is also the department's built-in code (`demo_<key>`), so its default name follows the request's language. */
export type DemoDept = { key: string; name: string; parent: string | null; leader: string | null };

/** A state worth seeing in the demo: MFA bound, locked after failed sign-ins, disabled, password about to expire. */
export type DemoState = "mfa" | "locked" | "disabled" | "expiring";

export type DemoUser = {
  username: string;
  name: string;
  dept: string;
  role: string;
  title: string;
  email: string;
  phone: string;
  state?: DemoState;
};

export const DEMO_DEPTS: DemoDept[] = [
  { key: "ops", name: "运营中心", parent: null, leader: "zhangwei" },
  { key: "ops1", name: "运营一部", parent: "ops", leader: "zhoujie" },
  { key: "ops2", name: "运营二部", parent: "ops", leader: "zhengyu" },
  { key: "tech", name: "技术部", parent: null, leader: "xuhao" },
  { key: "audit", name: "审计部", parent: null, leader: "chenjing" },
  { key: "gm", name: "总经办", parent: null, leader: "sunjianguo" },
  { key: "tech_platform", name: "平台研发组", parent: "tech", leader: "mazhiqiang" },
  { key: "tech_sre", name: "运维保障组", parent: "tech", leader: "gaofeng" },
  { key: "service", name: "客服中心", parent: null, leader: "luoting" },
  { key: "finance", name: "财务部", parent: null, leader: "tangjing" },
];

const mail = (username: string) => `${username}@${DEMO_EMAIL_DOMAIN}`;

export const DEMO_USERS: DemoUser[] = [
  { username: "zhangwei", name: "张伟", dept: "ops", role: "ops_manager", title: "运营中心总监", email: mail("zhangwei"), phone: "13800000001" },
  { username: "lina", name: "李娜", dept: "ops1", role: "ops_specialist", title: "运营专员", email: mail("lina"), phone: "13800000002" },
  { username: "wangfang", name: "王芳", dept: "ops2", role: "ops_specialist", title: "运营专员", email: mail("wangfang"), phone: "13800000003" },
  { username: "liuyang", name: "刘洋", dept: "tech", role: "developer", title: "开发工程师", email: mail("liuyang"), phone: "13800000004" },
  { username: "chenjing", name: "陈静", dept: "audit", role: "auditor", title: "审计经理", email: mail("chenjing"), phone: "13800000005" },
  { username: "sunjianguo", name: "孙建国", dept: "gm", role: "super_admin", title: "总经理", email: mail("sunjianguo"), phone: "13916880101", state: "mfa" },
  { username: "zhoujie", name: "周杰", dept: "ops1", role: "ops_manager", title: "运营一部经理", email: mail("zhoujie"), phone: "13916880102" },
  { username: "wuqian", name: "吴倩", dept: "ops1", role: "ops_specialist", title: "活动运营", email: mail("wuqian"), phone: "13916880103", state: "expiring" },
  { username: "zhengyu", name: "郑宇", dept: "ops2", role: "ops_manager", title: "运营二部经理", email: mail("zhengyu"), phone: "13916880104" },
  { username: "huangmin", name: "黄敏", dept: "ops2", role: "ops_specialist", title: "内容运营", email: mail("huangmin"), phone: "13916880105", state: "disabled" },
  { username: "xuhao", name: "徐浩", dept: "tech", role: "developer", title: "技术总监", email: mail("xuhao"), phone: "13916880106", state: "mfa" },
  { username: "mazhiqiang", name: "马志强", dept: "tech_platform", role: "developer", title: "平台研发组组长", email: mail("mazhiqiang"), phone: "13916880107" },
  { username: "hejun", name: "何军", dept: "tech_platform", role: "developer", title: "后端工程师", email: mail("hejun"), phone: "13916880108" },
  { username: "gaofeng", name: "高峰", dept: "tech_sre", role: "super_admin", title: "运维保障组组长", email: mail("gaofeng"), phone: "13916880109", state: "mfa" },
  { username: "linxiaoyu", name: "林晓雨", dept: "tech_sre", role: "developer", title: "运维工程师", email: mail("linxiaoyu"), phone: "13916880110", state: "locked" },
  { username: "luoting", name: "罗婷", dept: "service", role: "ops_manager", title: "客服主管", email: mail("luoting"), phone: "13916880111" },
  { username: "songjia", name: "宋佳", dept: "service", role: "ops_specialist", title: "客服专员", email: mail("songjia"), phone: "13916880112" },
  { username: "tangjing", name: "唐静", dept: "finance", role: "auditor", title: "财务经理", email: mail("tangjing"), phone: "13916880113" },
];
