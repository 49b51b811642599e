/**
 * Config center field editors: one input per ConfigField type (text … reference), the draft ↔ API
 * value conversion and a one-line display of a value. CodeMirror (json, code) and Squire (richtext)
 * load lazily, in their own chunks, when such a field is on screen.
 */
import "./config-fields.css";

export { ConfigFieldEditor, fieldHint, type ConfigFieldEditorProps } from "./field-editor.tsx";
export { CodeField } from "./code-field.tsx";
export { displayValue, draftOf, emptyDraft, htmlText, isoToLocal, jsonProblem, SECRET_MASK, secretIsSet, toValues, type Draft } from "./values.ts";
