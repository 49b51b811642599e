import { render } from "solid-js/web";

render(() => <main>OPS</main>, document.getElementById("root")!);
