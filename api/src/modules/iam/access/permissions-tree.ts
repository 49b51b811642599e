import { PERMISSIONS, type Locale, type PermissionKind } from "@ops/shared";

export type PermissionItem = { code: string; kind: PermissionKind; parent: string | null; name: string };
export type PermissionNode = { code: string; kind: PermissionKind; name: string; children: PermissionNode[] };

/** The catalog in the caller's language, in catalog order. */
export function permissionList(locale: Locale): PermissionItem[] {
  return PERMISSIONS.map((p) => ({ code: p.code, kind: p.kind, parent: p.parent, name: p.name[locale] ?? p.name["zh-CN"] }));
}

/** The catalog as the menu → button/api tree the role editor shows. */
export function permissionTree(locale: Locale): PermissionNode[] {
  const nodes = new Map<string, PermissionNode>();
  for (const p of permissionList(locale)) nodes.set(p.code, { code: p.code, kind: p.kind, name: p.name, children: [] });
  const roots: PermissionNode[] = [];
  for (const p of PERMISSIONS) {
    const node = nodes.get(p.code)!;
    const parent = p.parent ? nodes.get(p.parent) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}
