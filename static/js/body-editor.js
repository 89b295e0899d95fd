// The body's rich-text editor in the admin: django-prose-editor, built from
// the extensions the server lists (articles/html.py BODY_EXTENSIONS), plus
// the newsroom's blocks (a photo from the library, an embed) and three
// panels under the editor: insert a photo (search or upload), insert an
// embed, link to an article. Tiptap's own <style> is not injected (the CSP
// has no 'unsafe-inline'); css/body-editor.css carries what it set.
import * as editorModule from "django-prose-editor/editor";

const { Editor, Node, Plugin, initializeEditors, crel } = editorModule;
const ATTRIBUTE = "data-django-prose-editor-newsroom";

const photoCache = new Map();

function csrfToken() {
  const input = document.querySelector("input[name=csrfmiddlewaretoken]");
  return input ? input.value : "";
}

function fetchPhoto(url, uuid) {
  if (!photoCache.has(uuid)) {
    const query = new URLSearchParams({ uuid });
    photoCache.set(
      uuid,
      fetch(`${url}?${query}`, { credentials: "same-origin" })
        .then((response) => response.json())
        .then((data) => (data.results || [])[0] || null)
        .catch(() => null),
    );
  }
  return photoCache.get(uuid);
}

function photoPreview(dom, photo, labels) {
  dom.replaceChildren();
  if (!photo) {
    dom.append(crel("p", { className: "newsroom-block__missing", textContent: labels.missingPhoto }));
    return;
  }
  if (photo.thumbnail) {
    dom.append(crel("img", { src: photo.thumbnail, alt: photo.alt }));
  }
  const caption = crel("figcaption");
  caption.append(crel("span", { className: "caption", textContent: photo.caption }));
  if (photo.credit) {
    caption.append(crel("span", { className: "credit", textContent: `Foto: ${photo.credit}` }));
  }
  dom.append(caption);
}

function newsroomExtensions(settings) {
  const labels = settings.labels;
  const NewsroomPhoto = Node.create({
    name: "newsroomPhoto",
    group: "block",
    atom: true,
    draggable: true,
    selectable: true,
    addAttributes() {
      return {
        photo: {
          default: null,
          parseHTML: (element) => element.getAttribute("data-photo"),
          renderHTML: (attrs) => ({ "data-photo": attrs.photo }),
        },
      };
    },
    parseHTML() {
      return [{ tag: "figure[data-photo]" }];
    },
    renderHTML({ HTMLAttributes }) {
      return ["figure", HTMLAttributes];
    },
    addNodeView() {
      return ({ node }) => {
        const dom = crel("figure", { className: "newsroom-block newsroom-block--photo" });
        dom.dataset.photo = node.attrs.photo;
        dom.dataset.label = labels.photoBlock;
        fetchPhoto(settings.photoSearch, node.attrs.photo).then((photo) =>
          photoPreview(dom, photo, labels),
        );
        return { dom };
      };
    },
  });

  const NewsroomEmbed = Node.create({
    name: "newsroomEmbed",
    group: "block",
    atom: true,
    draggable: true,
    selectable: true,
    addAttributes() {
      return {
        embed: {
          default: null,
          parseHTML: (element) => element.getAttribute("data-embed"),
          renderHTML: (attrs) => ({ "data-embed": attrs.embed }),
        },
        url: {
          default: null,
          parseHTML: (element) => element.getAttribute("data-url"),
          renderHTML: (attrs) => ({ "data-url": attrs.url }),
        },
        title: {
          default: null,
          parseHTML: (element) => element.getAttribute("data-title"),
          renderHTML: (attrs) => (attrs.title ? { "data-title": attrs.title } : {}),
        },
      };
    },
    parseHTML() {
      return [{ tag: "figure[data-embed]" }];
    },
    // A known provider's address pasted on its own becomes the block, as
    // the server makes it of a link alone in its paragraph.
    addProseMirrorPlugins() {
      const type = this.type;
      return [
        new Plugin({
          props: {
            handlePaste(view, event) {
              const text = (event.clipboardData?.getData("text/plain") || "").trim();
              const embed = !/\s/.test(text) && embedProvider(settings, text);
              const { $from } = view.state.selection;
              if (!embed || $from.parent.content.size) {
                return false;
              }
              const node = type.create({ embed, url: text });
              view.dispatch(view.state.tr.replaceSelectionWith(node));
              return true;
            },
          },
        }),
      ];
    },
    renderHTML({ HTMLAttributes }) {
      return ["figure", HTMLAttributes];
    },
    addNodeView() {
      return ({ node }) => {
        const dom = crel("figure", { className: "newsroom-block newsroom-block--embed" });
        dom.dataset.embed = node.attrs.embed;
        dom.dataset.label = labels.embedBlock;
        dom.append(
          crel("p", {
            className: "newsroom-block__provider",
            textContent: settings.providers[node.attrs.embed] || node.attrs.embed,
          }),
          crel("p", { className: "newsroom-block__url", textContent: node.attrs.title || node.attrs.url }),
        );
        return { dom };
      };
    },
  });
  return { NewsroomPhoto, NewsroomEmbed };
}

function embedProvider(settings, url) {
  let host;
  try {
    const parsed = new URL(url);
    if (!["http:", "https:"].includes(parsed.protocol)) {
      return null;
    }
    host = parsed.hostname.toLowerCase();
  } catch {
    return null;
  }
  for (const [name, hosts] of Object.entries(settings.embeds)) {
    if (hosts.includes(host)) {
      return name;
    }
  }
  return null;
}

// After the selection, so that a block just inserted (and selected) is
// never replaced by the next one.
function insertBlock(editor, content) {
  editor.chain().focus().insertContentAt(editor.state.selection.to, content).run();
}

function field(labelText, input) {
  const label = crel("label", { className: "newsroom-panel__field" });
  label.append(crel("span", { textContent: labelText }), input);
  return label;
}

function searchPanel({ title, placeholder, url, render, choose, labels, name }) {
  const panel = crel("details", { className: `newsroom-panel newsroom-panel--${name}` });
  panel.append(crel("summary", { textContent: title }));
  const input = crel("input", { type: "search", placeholder, className: "newsroom-panel__search" });
  input.setAttribute("aria-label", placeholder);
  const results = crel("ul", { className: "newsroom-panel__results" });
  let timer = null;
  let asked = 0;
  const search = () => {
    const number = ++asked;
    fetch(`${url}?${new URLSearchParams({ q: input.value })}`, { credentials: "same-origin" })
      .then((response) => response.json())
      .then((data) => {
        if (number !== asked) {
          return;
        }
        results.replaceChildren();
        for (const result of data.results || []) {
          const button = crel("button", { type: "button", className: "newsroom-panel__result" });
          render(button, result);
          button.addEventListener("click", () => choose(result));
          const item = crel("li");
          item.append(button);
          results.append(item);
        }
        if (!results.children.length) {
          results.append(crel("li", { textContent: labels.noResults }));
        }
      });
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      clearTimeout(timer);
      search();
    }
  });
  panel.addEventListener("toggle", () => {
    if (panel.open && !results.children.length) {
      search();
    }
  });
  panel.append(input, results);
  return panel;
}

function panels(editor, settings) {
  const labels = settings.labels;
  const box = crel("div", { className: "newsroom-panels" });

  const insertPhoto = (photo) => {
    photoCache.set(photo.uuid, Promise.resolve(photo));
    insertBlock(editor, { type: "newsroomPhoto", attrs: { photo: photo.uuid } });
  };
  const photoPanel = searchPanel({
    name: "photo",
    title: labels.photo,
    placeholder: labels.photoSearch,
    url: settings.photoSearch,
    labels,
    render(button, photo) {
      if (photo.thumbnail) {
        button.append(crel("img", { src: photo.thumbnail, alt: "" }));
      }
      button.append(crel("span", { textContent: [photo.caption, photo.credit].filter(Boolean).join(" · ") }));
    },
    choose: insertPhoto,
  });
  const upload = crel("form", { className: "newsroom-panel__upload" });
  const file = crel("input", { type: "file", name: "image", accept: "image/*" });
  const inputs = ["alt_text", "caption", "credit_line"].map((name) => crel("input", { type: "text", name }));
  const uploadButton = crel("button", { type: "button", textContent: labels.uploadButton });
  const errors = crel("p", { className: "newsroom-panel__errors" });
  upload.append(
    crel("p", { textContent: labels.upload }),
    file,
    field(labels.alt, inputs[0]),
    field(labels.caption, inputs[1]),
    field(labels.credit, inputs[2]),
    uploadButton,
    errors,
  );
  uploadButton.addEventListener("click", () => {
    const data = new FormData();
    if (file.files[0]) {
      data.append("image", file.files[0]);
    }
    for (const input of inputs) {
      data.append(input.name, input.value);
    }
    fetch(settings.photoUpload, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken() },
    })
      .then((response) => response.json().then((body) => ({ ok: response.ok, body })))
      .then(({ ok, body }) => {
        if (!ok) {
          errors.textContent = Object.values(body.errors || {})
            .flat()
            .map((error) => error.message)
            .join(" ") || body.error || "";
          return;
        }
        errors.textContent = "";
        upload.reset();
        insertPhoto(body);
      });
  });
  photoPanel.append(upload);

  const embedPanel = crel("details", { className: "newsroom-panel newsroom-panel--embed" });
  embedPanel.append(crel("summary", { textContent: labels.embed }));
  const embedUrl = crel("input", { type: "url", className: "newsroom-panel__url" });
  const embedButton = crel("button", { type: "button", textContent: labels.embedButton });
  const embedMessage = crel("p", { className: "newsroom-panel__errors" });
  embedButton.addEventListener("click", () => {
    const url = embedUrl.value.trim();
    const provider = embedProvider(settings, url);
    if (!provider) {
      embedMessage.textContent = labels.embedUnknown;
      if (url) {
        editor.chain().focus().insertContent({
          type: "paragraph",
          content: [{ type: "text", text: url, marks: [{ type: "link", attrs: { href: url } }] }],
        }).run();
      }
      return;
    }
    embedMessage.textContent = "";
    insertBlock(editor, { type: "newsroomEmbed", attrs: { embed: provider, url } });
    embedUrl.value = "";
  });
  embedPanel.append(field(labels.embedUrl, embedUrl), embedButton, embedMessage);

  const linkPanel = searchPanel({
    name: "link",
    title: labels.link,
    placeholder: labels.linkSearch,
    url: settings.articleSearch,
    labels,
    render(button, article) {
      button.append(
        crel("span", { textContent: article.headline }),
        crel("small", { textContent: ` (${article.status})` }),
      );
    },
    choose(article) {
      const { empty } = editor.state.selection;
      if (empty) {
        editor.chain().focus().insertContent({
          type: "text",
          text: article.headline,
          marks: [{ type: "link", attrs: { href: article.url } }],
        }).run();
      } else {
        editor.chain().focus().extendMarkRange("link").setLink({ href: article.url }).run();
      }
    },
  });

  box.append(photoPanel, embedPanel, linkPanel);
  return box;
}

function createEditor(textarea) {
  if (textarea.closest(".prose-editor")) {
    return null;
  }
  const config = JSON.parse(textarea.getAttribute(ATTRIBUTE) || "{}");
  const settings = {
    ...JSON.parse(textarea.dataset.newsroom || "{}"),
    photoSearch: textarea.dataset.photoSearch,
    photoUpload: textarea.dataset.photoUpload,
    articleSearch: textarea.dataset.articleSearch,
  };
  const available = {
    ...editorModule,
    // A table as the sanitiser keeps it: no column widths (a <colgroup>
    // and inline styles), which the editor does not let anyone set here.
    Table: editorModule.Table.extend({
      renderHTML({ HTMLAttributes }) {
        return ["table", HTMLAttributes, ["tbody", 0]];
      },
    }),
    // rel after href, where the sanitiser writes it.
    Link: editorModule.Link.extend({
      renderHTML(props) {
        const [tag, { rel, ...attrs }, hole] = this.parent(props);
        return [tag, { ...attrs, rel }, hole];
      },
    }),
    ...newsroomExtensions(settings),
  };
  const extensions = [];
  for (const [name, options] of Object.entries(config.extensions || {})) {
    const extension = available[name];
    if (!extension) {
      console.error(`Unknown editor extension ${name}`);
      continue;
    }
    extensions.push(typeof options === "object" ? extension.configure(options) : extension);
  }
  const disabled = textarea.hasAttribute("disabled");
  const wrapper = crel("div", { className: `prose-editor ${disabled ? "disabled" : ""}` });
  textarea.before(wrapper);
  wrapper.append(textarea);
  const editor = new Editor({
    element: wrapper,
    editable: !disabled,
    extensions,
    content: textarea.value,
    injectCSS: false,
    onUpdate({ editor }) {
      const html = editor.getHTML();
      textarea.value = /^<(\w+)(\s[^>]*)?><\/\1>$/i.test(html) ? "" : html;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    },
  });
  if (!disabled) {
    wrapper.after(panels(editor, settings));
  }
  textarea.dispatchEvent(new CustomEvent("prose-editor:ready", { detail: { editor, textarea }, bubbles: true }));
  return editor;
}

initializeEditors(createEditor, `[${ATTRIBUTE}]`);
