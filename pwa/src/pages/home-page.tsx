/** The landing page is the workbench (pages/home/); this name stays for the router. */
export { WorkbenchPage as HomePage } from "./home/workbench-page.tsx";
