import { departmentsApi, usersApi } from "../../data/directory.ts";
import { flattenDepartments, type FlatDept } from "../../data/tree.ts";

/**
 * Names behind the ids a form holds (user and department fields). Both come from the directory,
 * so they follow the reader's data scope: what cannot be read shows as its id. Loaded once per page view.
 */
let depts: Promise<FlatDept[]> | null = null;
export function departments(): Promise<FlatDept[]> {
  depts ??= departmentsApi.tree().then((tree) => flattenDepartments(tree)).catch(() => {
    depts = null;
    return [];
  });
  return depts;
}

const users = new Map<string, Promise<string>>();
export function userName(id: string): Promise<string> {
  let p = users.get(id);
  if (!p) {
    p = usersApi.get(id).then((u) => u.display_name, () => id);
    users.set(id, p);
  }
  return p;
}
