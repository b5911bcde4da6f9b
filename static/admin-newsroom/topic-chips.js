/* Topics as chips: enhances the comma-separated topics input of the article form.
   The original input stays in the form (hidden) and always holds the names as
   "civil society, human rights"; without this script it is simply typed into. */
"use strict";
(function () {
  function quote(name) { return /[",]/.test(name) ? '"' + name.replace(/"/g, "") + '"' : name; }

  function parse(text) {
    var names = [], current = "", quoted = false;
    for (var i = 0; i < text.length; i++) {
      var c = text[i];
      if (c === '"') { quoted = !quoted; } else if (c === "," && !quoted) { names.push(current); current = ""; } else { current += c; }
    }
    names.push(current);
    return names.map(function (n) { return n.replace(/\s+/g, " ").trim(); }).filter(Boolean);
  }

  function enhance(input) {
    var url = input.dataset.topicChips, id = input.id, names = parse(input.value), active = -1, timer = null, options = [];
    var box = document.createElement("div");
    box.className = "topic-chips";
    var list = document.createElement("ul");
    list.className = "topic-chips__list";
    list.setAttribute("aria-label", gettext("Topics of this story"));
    var typing = document.createElement("input");
    typing.type = "text";
    typing.className = "topic-chips__input";
    typing.setAttribute("role", "combobox");
    typing.setAttribute("aria-autocomplete", "list");
    typing.setAttribute("aria-expanded", "false");
    typing.setAttribute("aria-controls", id + "_suggestions");
    typing.setAttribute("autocomplete", "off");
    typing.placeholder = gettext("Add a topic…");
    var listbox = document.createElement("ul");
    listbox.id = id + "_suggestions";
    listbox.className = "topic-chips__suggestions";
    listbox.setAttribute("role", "listbox");
    listbox.hidden = true;
    var status = document.createElement("span");
    status.className = "topic-chips__status";
    status.setAttribute("role", "status");
    // The label points at the box one types in; the form posts the hidden original.
    input.id = id + "_value";
    input.type = "hidden";
    typing.id = id;
    var help = input.getAttribute("aria-describedby");
    if (help) typing.setAttribute("aria-describedby", help);
    box.append(list, typing, listbox, status);
    input.after(box);

    function sync() { input.value = names.map(quote).join(", "); }

    function render() {
      list.textContent = "";
      names.forEach(function (name, index) {
        var chip = document.createElement("li");
        chip.className = "topic-chip";
        var text = document.createElement("span");
        text.textContent = name;
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "topic-chip__remove";
        remove.setAttribute("aria-label", interpolate(gettext("Remove topic %(name)s"), { name: name }, true));
        remove.textContent = "×";
        remove.addEventListener("click", function () {
          names.splice(index, 1); sync(); render(); typing.focus();
          status.textContent = interpolate(gettext("Removed %(name)s"), { name: name }, true);
        });
        chip.append(text, remove);
        list.append(chip);
      });
    }

    function add(name) {
      name = name.replace(/[",]/g, " ").replace(/\s+/g, " ").trim();
      if (!name) return;
      var exists = names.some(function (n) { return n.toLowerCase() === name.toLowerCase(); });
      if (!exists) { names.push(name); sync(); render(); status.textContent = interpolate(gettext("Added %(name)s"), { name: name }, true); }
      typing.value = ""; close();
    }

    function close() {
      listbox.hidden = true; listbox.textContent = ""; options = []; active = -1;
      typing.setAttribute("aria-expanded", "false"); typing.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      options.forEach(function (o, i) { o.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (index >= 0) typing.setAttribute("aria-activedescendant", options[index].id); else typing.removeAttribute("aria-activedescendant");
    }

    function show(results, query) {
      listbox.textContent = ""; options = [];
      var exact = results.some(function (r) { return r.toLowerCase() === query.toLowerCase(); });
      var entries = results.filter(function (r) { return !names.some(function (n) { return n.toLowerCase() === r.toLowerCase(); }); })
        .map(function (r) { return { name: r, label: r }; });
      if (!exact) entries.push({ name: query, label: interpolate(gettext("Create topic “%(name)s”"), { name: query }, true) });
      entries.forEach(function (entry, i) {
        var option = document.createElement("li");
        option.id = id + "_option_" + i;
        option.setAttribute("role", "option");
        option.className = "topic-chips__option";
        option.textContent = entry.label;
        option.addEventListener("mousedown", function (event) { event.preventDefault(); add(entry.name); });
        listbox.append(option); options.push(option);
        option.dataset.name = entry.name;
      });
      listbox.hidden = options.length === 0;
      typing.setAttribute("aria-expanded", options.length ? "true" : "false");
      highlight(options.length && results.length ? 0 : -1);
    }

    function lookup() {
      var query = typing.value.replace(/[",]/g, " ").trim();
      if (!query) { close(); return; }
      fetch(url + "?q=" + encodeURIComponent(query), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) { if (typing.value.replace(/[",]/g, " ").trim() === query) show(data.results || [], query); })
        .catch(function () { show([], query); });
    }

    typing.addEventListener("input", function () {
      if (/,/.test(typing.value)) { typing.value.split(",").slice(0, -1).forEach(add); typing.value = typing.value.split(",").pop(); }
      clearTimeout(timer); timer = setTimeout(lookup, 150);
    });
    typing.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && options.length) { event.preventDefault(); highlight((active + 1) % options.length); }
      else if (event.key === "ArrowUp" && options.length) { event.preventDefault(); highlight((active - 1 + options.length) % options.length); }
      else if (event.key === "Enter") {
        if (active >= 0 || typing.value.trim()) { event.preventDefault(); add(active >= 0 ? options[active].dataset.name : typing.value); }
      } else if (event.key === "Escape") { close(); }
      else if (event.key === "Backspace" && !typing.value && names.length) { var gone = names.pop(); sync(); render(); status.textContent = interpolate(gettext("Removed %(name)s"), { name: gone }, true); }
    });
    typing.addEventListener("blur", function () { if (typing.value.trim()) add(typing.value); close(); });
    render(); sync();
  }

  function start() { document.querySelectorAll("input[data-topic-chips]").forEach(enhance); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
