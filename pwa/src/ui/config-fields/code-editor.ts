/**
 * CodeMirror 6, loaded only when a JSON or code field is on screen (its own chunk; each language
 * is a further chunk). The editor lives in a shadow root: there CodeMirror's styles go into a
 * constructed (adopted) style sheet, which the Content-Security-Policy (style-src 'self', no
 * 'unsafe-inline') allows; in the document itself it would write a <style> element the policy blocks.
 */
import { basicSetup, EditorView } from "codemirror";
import { Compartment, EditorState, type Extension } from "@codemirror/state";
import { StreamLanguage } from "@codemirror/language";

/** The languages a code field may name (ConfigField.language); anything else is plain text. */
async function language(name: string): Promise<Extension> {
  switch (name) {
    case "json":
      return (await import("@codemirror/lang-json")).json();
    case "sql":
      return (await import("@codemirror/lang-sql")).sql();
    case "javascript":
      return (await import("@codemirror/lang-javascript")).javascript();
    case "typescript":
      return (await import("@codemirror/lang-javascript")).javascript({ typescript: true });
    case "python":
      return (await import("@codemirror/lang-python")).python();
    case "yaml":
      return (await import("@codemirror/lang-yaml")).yaml();
    case "shell":
      return StreamLanguage.define((await import("@codemirror/legacy-modes/mode/shell")).shell);
    default:
      return [];
  }
}

/** The look the page's stylesheet cannot give inside the shadow root. */
const THEME = EditorView.theme({
  "&": { maxHeight: "360px", minHeight: "80px", fontSize: "13px", backgroundColor: "#fff" },
  "&.cm-focused": { outline: "2px solid #c7d6fb" },
  ".cm-scroller": { fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace", overflow: "auto" },
});

export type CodeEditor = { set(text: string): void; destroy(): void };

export async function mountCodeEditor(
  parent: HTMLElement,
  opts: { doc: string; language: string; label: string; readOnly: boolean; onChange: (text: string) => void },
): Promise<CodeEditor> {
  const lang = new Compartment();
  const root = parent.shadowRoot ?? parent.attachShadow({ mode: "open" });
  const view = new EditorView({
    parent: root,
    root,
    state: EditorState.create({
      doc: opts.doc,
      extensions: [
        basicSetup,
        lang.of([]),
        EditorView.lineWrapping,
        THEME,
        EditorState.readOnly.of(opts.readOnly),
        EditorView.contentAttributes.of({ "aria-label": opts.label }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) opts.onChange(u.state.doc.toString());
        }),
      ],
    }),
  });
  // the editor is usable at once; highlighting follows when the language's chunk arrives
  void language(opts.language).then((ext) => view.dispatch({ effects: lang.reconfigure(ext) }));
  return {
    set(text) {
      if (text !== view.state.doc.toString()) view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    destroy: () => view.destroy(),
  };
}
