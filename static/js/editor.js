// The prose editor (django-prose-editor) in the page's language, with one tab stop for its
// toolbar. Loaded after the JavaScript catalogue (/i18n/js/), before the editor's modules.
(() => {
  const gettext = window.gettext || ((text) => text);
  const interpolate = window.interpolate || ((format, args) => format.replace("%s", args[0]));

  // Texts the package passes through window.gettext itself (the link and list dialogs);
  // listed here so that makemessages -d djangojs puts them in our catalogues.
  const gettext_noop = (text) => text;
  [
    gettext_noop("URL"),
    gettext_noop("Title"),
    gettext_noop("Open in new window"),
    gettext_noop("Edit Link"),
    gettext_noop("Update"),
    gettext_noop("Cancel"),
    gettext_noop("List properties"),
    gettext_noop("Start at"),
    gettext_noop("List type"),
    gettext_noop("Decimal numbers"),
    gettext_noop("Lowercase letters"),
    gettext_noop("Uppercase letters"),
    gettext_noop("Lowercase Roman numerals"),
    gettext_noop("Uppercase Roman numerals"),
    gettext_noop("Bullets"),
  ];

  // The package's own English titles (not passed through gettext) and our labels for them;
  // keys are lower-case, as are the titles, and the block-type picker's "Heading 2".
  const LABELS = {
    paragraph: gettext("Paragraph"),
    "unordered list": gettext("Bulleted list"),
    "ordered list": gettext("Numbered list"),
    blockquote: gettext("Quotation"),
    bold: gettext("Bold"),
    italic: gettext("Italic"),
    "insert link": gettext("Insert link"),
    "remove link": gettext("Remove link"),
    undo: gettext("Undo"),
    redo: gettext("Redo"),
  };
  for (const level of [1, 2, 3, 4, 5, 6]) {
    LABELS[`heading ${level}`] = interpolate(gettext("Heading %s"), [level]);
  }
  const TOGGLES = new Set(["bold", "italic", "bulletList", "orderedList", "blockquote", "link"]);

  const translate = (text) => LABELS[text.trim().toLowerCase()];

  function labelButton(button) {
    const label = translate(button.title || button.getAttribute("aria-label") || "");
    if (label) {
      button.title = label;
      button.setAttribute("aria-label", label);
    }
    // The block-type picker shows a copy of the current type's button: say what it picks.
    if (button.parentElement.classList.contains("prose-menubar__selected")) {
      button.setAttribute("aria-label", interpolate(gettext("Text style: %s"), [button.title]));
    }
    button.setAttribute("aria-disabled", String(button.classList.contains("disabled")));
    if (TOGGLES.has(button.dataset.name)) {
      button.setAttribute("aria-pressed", String(button.classList.contains("active")));
    }
  }

  function labelOption(option) {
    const text = option.firstElementChild || option;
    const label = translate(text.textContent);
    if (label && label !== text.textContent) text.textContent = label;
  }

  // WAI-ARIA APG toolbar: one tab stop (the current button, tabindex 0, the others -1);
  // ArrowLeft/ArrowRight/Home/End move the focus inside, Tab leaves for the text.
  function rovingToolbar(menubar) {
    let current = null;
    const buttons = () =>
      [...menubar.querySelectorAll("button")].filter(
        (button) =>
          !button.closest(".prose-menubar__picker") && !button.classList.contains("hidden"),
      );
    const settle = () => {
      const all = buttons();
      if (!all.includes(current)) current = all[0] || null;
      for (const button of all) button.tabIndex = button === current ? 0 : -1;
    };
    const move = (button) => {
      current = button;
      settle();
      button.focus();
    };
    menubar.addEventListener("focusin", (event) => {
      if (buttons().includes(event.target) && event.target !== current) {
        current = event.target;
        settle();
      }
    });
    menubar.addEventListener("keydown", (event) => {
      const all = buttons();
      const index = all.indexOf(event.target);
      if (index === -1) return;
      const next = {
        ArrowRight: all[(index + 1) % all.length],
        ArrowLeft: all[(index - 1 + all.length) % all.length],
        Home: all[0],
        End: all[all.length - 1],
      }[event.key];
      if (next) {
        event.preventDefault();
        move(next);
      }
    });
    return settle;
  }

  document.addEventListener("prose-editor:ready", (event) => {
    const { editor, textarea } = event.detail;
    const text = editor.view.dom;

    // The editable area gets the label of the form field it edits (a click on that label
    // focuses it), the page's language, and the browser's spell-check (the package's
    // NoSpellCheck extension switches it off).
    text.id = text.id || `${textarea.id}_editor`;
    text.setAttribute("aria-multiline", "true");
    text.setAttribute("lang", document.documentElement.lang || "nb");
    text.setAttribute("spellcheck", "true");
    const label = document.querySelector(`label[for="${textarea.id}"]`);
    if (label) {
      label.id = label.id || `${textarea.id}_label`;
      text.setAttribute("aria-labelledby", label.id);
      label.addEventListener("click", () => editor.commands.focus());
    }
    // Tiptap builds the menu bar on its "create" event, which may come after this one.
    const setUp = () => {
      const menubar = text.parentElement.querySelector(".prose-menubar");
      if (menubar) makeToolbar(menubar, text);
      return Boolean(menubar);
    };
    if (!setUp()) editor.on("create", setUp);
  });

  function makeToolbar(menubar, text) {
    menubar.setAttribute("role", "toolbar");
    menubar.setAttribute("aria-label", gettext("Text formatting"));
    menubar.setAttribute("aria-controls", text.id);
    const settle = rovingToolbar(menubar);
    const refresh = () => {
      for (const button of menubar.querySelectorAll(".prose-menubar__button")) {
        labelButton(button);
      }
      for (const option of menubar.querySelectorAll(".prose-menubar__option")) {
        labelOption(option);
      }
      settle();
    };
    refresh();
    // The package swaps the picker's button and toggles the buttons' classes as the caret
    // moves; label and settle what it changed (our own attribute changes are not observed).
    new MutationObserver(refresh).observe(menubar, {
      subtree: true,
      childList: true,
      attributeFilter: ["class"],
    });
  }
})();
