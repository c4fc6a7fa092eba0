// The prose editor's editable area gets no accessible name of its own: give it the label of
// the form field it edits, and let a click on that label focus it.
document.addEventListener("prose-editor:ready", (event) => {
  const { editor, textarea } = event.detail;
  const label = document.querySelector(`label[for="${textarea.id}"]`);
  editor.view.dom.setAttribute("aria-multiline", "true");
  if (label) {
    label.id = label.id || `${textarea.id}_label`;
    editor.view.dom.setAttribute("aria-labelledby", label.id);
    label.addEventListener("click", () => editor.commands.focus());
  }
});
