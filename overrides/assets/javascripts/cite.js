// "Kopieer link": cite a heading, statement or recommendation exactly. Adds a small button after
// each heading's permalink and wires the buttons the questionnaire pages render (data-zt-copy).
const announce = (() => {
  const region = Object.assign(document.createElement("p"), { className: "zt-sr-only" });
  region.setAttribute("role", "status");
  document.body.append(region);
  return (text) => {
    region.textContent = "";
    setTimeout(() => (region.textContent = text), 50);
  };
})();

async function copy(id, button) {
  const url = new URL(location.href);
  url.hash = id;
  try {
    await navigator.clipboard.writeText(url.href);
    announce("Link gekopieerd.");
  } catch {
    history.replaceState(null, "", url.href); // the address bar now holds the exact link
    announce("Kopiëren lukte niet; de link staat nu in de adresbalk.");
  }
  button.classList.add("zt-copied");
  setTimeout(() => button.classList.remove("zt-copied"), 1500);
}

function addButtons() {
  for (const link of document.querySelectorAll("article :is(h2, h3, h4) > .headerlink")) {
    const heading = link.parentElement;
    if (!heading.id) continue;
    const button = Object.assign(document.createElement("button"), { type: "button", className: "zt-copy zt-copy--heading" });
    button.textContent = "Kopieer link";
    button.setAttribute("aria-label", `Kopieer de link naar “${heading.textContent.replace("¶", "").trim()}”`);
    button.dataset.ztCopy = heading.id;
    link.after(button);
  }
}

// Loaded async: it may run before the page is parsed.
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", addButtons, { once: true });
else addButtons();
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-zt-copy]");
  if (button) copy(button.dataset.ztCopy, button);
});
