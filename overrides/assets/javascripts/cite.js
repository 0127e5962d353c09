// "Kopieer link": copies the exact address of a heading, statement or recommendation. The build writes the
// buttons (data-zt-copy="<id>"); without a clipboard, the address bar gets the link instead.
const region = Object.assign(document.createElement("p"), { className: "zt-sr-only" });
region.setAttribute("role", "status");
const announce = (text) => {
  if (!region.isConnected) document.body.append(region);
  region.textContent = "";
  setTimeout(() => (region.textContent = text), 50);
};
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-zt-copy]");
  if (!button) return;
  const url = new URL(location.href);
  url.hash = button.dataset.ztCopy;
  try {
    await navigator.clipboard.writeText(url.href);
    announce("Link gekopieerd.");
  } catch {
    history.replaceState(null, "", url.href);
    announce("Kopiëren lukte niet; de link staat nu in de adresbalk.");
  }
  button.classList.add("zt-copied");
  setTimeout(() => button.classList.remove("zt-copied"), 1500);
});
