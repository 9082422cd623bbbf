/*
 * SOR Admin: the little behaviour the server-rendered pages need. No inline scripts or event
 * handlers anywhere, so a strict Content-Security-Policy works.
 *
 * - DKFDS.init() runs once at DOM ready; after an htmx swap only the components inside the
 *   swapped fragment are initialised (DKFDS warns against running init twice).
 * - Tree arrows, "Samme som ..." checkboxes, move mode (a click in the tree picks the new
 *   parent), the close confirmation dialog and the type-ahead parameters.
 * - The session warning: a few minutes before the session ends, "Forbliv logget ind".
 * - The server decides when to confirm: a dialog marked data-open-on-load (rendered only after
 *   every check has passed) opens by itself; its OK posts confirm=1.
 * Everything here is an enhancement: each page also works without JavaScript.
 */
(function () {
  "use strict";

  var MODAL_CONTAINER_ID = "sor-modal-container";

  function modalContainer() {
    var container = document.getElementById(MODAL_CONTAINER_ID);
    if (!container) {
      container = document.createElement("div");
      container.id = MODAL_CONTAINER_ID;
      // DKFDS makes every other child of <body> inert while a modal is open, so a modal must
      // live in a body-level .fds-modal-container rather than inside the swapped panel.
      container.className = "fds-modal-container";
      document.body.appendChild(container);
    }
    return container;
  }

  /* Move modals found in `root` to the body-level container, replacing stale copies. */
  function mountModals(root, initialise) {
    var modals = Array.prototype.slice.call(root.querySelectorAll(".fds-modal"));
    if (!modals.length) {
      return;
    }
    var container = modalContainer();
    modals.forEach(function (modal) {
      if (modal.parentNode === container) {
        return;
      }
      var stale = document.getElementById(modal.id);
      while (stale && stale !== modal) {
        stale.parentNode.removeChild(stale);
        stale = document.getElementById(modal.id);
      }
      container.appendChild(modal);
      if (initialise && window.DKFDS) {
        new window.DKFDS.Modal(modal).init();
      }
    });
  }

  function clearModals() {
    var container = document.getElementById(MODAL_CONTAINER_ID);
    if (container) {
      container.innerHTML = "";
    }
  }

  function showJsOnly(root) {
    root.querySelectorAll("[data-js-only]").forEach(function (el) {
      el.hidden = false;
    });
    root.querySelectorAll("[data-no-js]").forEach(function (el) {
      el.hidden = true;
    });
  }

  /* Open a confirmation dialog the server has asked for (once). */
  function openRequestedModals() {
    if (!window.DKFDS) {
      return;
    }
    modalContainer()
      .querySelectorAll(".fds-modal[data-open-on-load]")
      .forEach(function (modal) {
        modal.removeAttribute("data-open-on-load");
        new window.DKFDS.Modal(modal).show();
      });
  }

  function syncSameAs(root) {
    root.querySelectorAll("[data-hides]").forEach(function (checkbox) {
      var target = document.getElementById(checkbox.getAttribute("data-hides"));
      if (target) {
        target.hidden = checkbox.checked;
      }
    });
  }

  /* Initialise DKFDS components inside a fragment that htmx has just swapped in. */
  function initFragment(root) {
    var D = window.DKFDS;
    if (D) {
      // Only enhance: the date picker's event handlers are delegated from the document.
      D.datePicker.init(root);
      root.querySelectorAll(".accordion, .accordion-bordered").forEach(function (el) {
        new D.Accordion(el).init();
      });
      root.querySelectorAll(".alert.has-close").forEach(function (el) {
        new D.Alert(el).init();
      });
      var summary = root.querySelector('[data-module="error-summary"]');
      if (summary) {
        new D.ErrorSummary(summary).init();
      }
    }
    mountModals(root, true);
    wrapTables(root);
    showJsOnly(root);
    syncSameAs(root);
    openRequestedModals();
  }

  /* Focus what the server marked to be read first (a confirmation after Opret, Gem, Flyt or
     Luk; the warning about lokationsnumre), once. True if there was one. */
  function focusRequested(root) {
    var el = root.querySelector("[data-focus-on-load]");
    if (!el) {
      return false;
    }
    el.removeAttribute("data-focus-on-load");
    el.focus();
    return true;
  }

  function markSelected() {
    var panel = document.querySelector("[data-details-root]");
    var sorId = panel ? panel.getAttribute("data-sor-id") : "";
    document.querySelectorAll("[data-unit-link]").forEach(function (link) {
      var selected = link.getAttribute("data-sor-id") === sorId;
      if (selected) {
        link.setAttribute("aria-current", "true");
      } else {
        link.removeAttribute("aria-current");
      }
      var row = link.closest(".sor-tree__row, .sor-results__item");
      if (row) {
        row.classList.toggle("is-selected", selected);
      }
    });
    var hidden = document.querySelector("[data-selected-unit]");
    if (hidden) {
      hidden.value = sorId || "";
    }
    document.body.classList.toggle("sor-move-mode", moveModeActive());
  }

  function moveModeActive() {
    var form = document.querySelector("[data-move-form]");
    var toggle = document.getElementById("move-pick-mode");
    return Boolean(form && toggle && toggle.checked);
  }

  /* --- the workbench (issue 23) -------------------------------------------------------- */

  // From 1024 px the navigator's results and the details panel scroll on their own
  // (static/css/app.css). Scrolling is done inside those boxes only, never the page.
  function scrollsOnItsOwn(el) {
    var overflow = el ? window.getComputedStyle(el).overflowY : "";
    return overflow === "auto" || overflow === "scroll";
  }

  function isScrollBox(el) {
    return scrollsOnItsOwn(el) && el.scrollHeight > el.clientHeight;
  }

  // Scroll `box` the least needed so that `top` .. `bottom` (elements inside it) is in view;
  // if the range is taller than the box, its top wins.
  function revealInBox(box, top, bottom) {
    if (!isScrollBox(box) || !top) {
      return;
    }
    var boxRect = box.getBoundingClientRect();
    var margin = 8;
    var first = top.getBoundingClientRect().top - boxRect.top - margin;
    var last = (bottom || top).getBoundingClientRect().bottom - boxRect.bottom + margin;
    if (first < 0) {
      box.scrollTop += first;
    } else if (last > 0) {
      box.scrollTop += Math.min(last, first);
    }
  }

  // The layout's distance from the top of the page, for its height (the header may wrap).
  function measureWorkbench() {
    var layout = document.querySelector(".sor-layout");
    if (layout) {
      var top = layout.getBoundingClientRect().top + window.scrollY;
      document.documentElement.style.setProperty("--sor-workbench-top", Math.round(top) + "px");
    }
  }

  // The selected unit's row in the tree (or the search result) in view in the navigator.
  function revealSelected() {
    var results = document.getElementById("navigator-results");
    var row = results ? results.querySelector(".sor-tree__row.is-selected, .sor-results__item.is-selected") : null;
    if (row) {
      revealInBox(results, row, row);
    }
  }

  /* --- the main menu and wide tables (issue 23) ---------------------------------------- */

  // Below 992 px the menu is behind the button Menu (static/css/app.css); without JavaScript
  // the links are simply listed.
  function initNav() {
    var nav = document.querySelector("[data-sor-nav]");
    var toggle = nav ? nav.querySelector("[data-sor-nav-toggle]") : null;
    if (!toggle) {
      return;
    }
    nav.classList.add("is-collapsible");
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("is-open", open);
    });
    nav.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        toggle.setAttribute("aria-expanded", "false");
        nav.classList.remove("is-open");
        toggle.focus();
      }
    });
  }

  // Every data table in a box of its own that scrolls sideways when the table is wider than
  // the screen; such a box can be reached and scrolled with the keyboard (tabindex), and is
  // named after the table.
  function wrapTables(root) {
    root.querySelectorAll("table.table").forEach(function (table) {
      var parent = table.parentElement;
      if (parent.classList.contains("sor-table-scroll") || parent.classList.contains("table--responsive-scroll")) {
        return;
      }
      var box = document.createElement("div");
      box.className = "sor-table-scroll";
      parent.insertBefore(box, table);
      box.appendChild(table);
    });
    markScrollingTables(root);
  }

  function markScrollingTables(root) {
    root.querySelectorAll(".sor-table-scroll").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        var caption = box.querySelector("caption");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", caption ? caption.textContent.trim() : "Tabel, kan rulles vandret");
      } else if (!scrolls && box.hasAttribute("tabindex")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }

  function ready(fn) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  }

  ready(function () {
    mountModals(document, false);
    if (window.DKFDS) {
      window.DKFDS.init();
    }
    showJsOnly(document);
    syncSameAs(document);
    initNav();
    wrapTables(document);
    measureWorkbench();
    markSelected();
    revealSelected();
    openRequestedModals();
    focusRequested(document);
  });

  window.addEventListener("resize", function () {
    measureWorkbench();
    markScrollingTables(document);
  });

  /* --- htmx ----------------------------------------------------------------------------- */

  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "details") {
      clearModals();
    }
  });

  // New content in a panel that scrolls on its own starts at its top.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (target && (target.id === "details" || target.id === "navigator-results")) {
      target.scrollTop = 0;
    }
  });

  // After settling, not after swapping: htmx's settle step puts back the server's class
  // attributes, which would undo what the components' init just changed.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    initFragment(target);
    markSelected();
    if (target.id === "details") {
      if (!focusRequested(target) && !target.querySelector('[data-module="error-summary"]')) {
        var heading = target.querySelector("#details-heading");
        if (heading) {
          // In the workbench the heading is at the top of its own panel: focusing it must not
          // move the page (and with it the tree the user just clicked in).
          heading.focus({ preventScroll: scrollsOnItsOwn(target) });
        }
      }
    }
    if (target.id === "navigator-results") {
      revealResults(target);
      revealSelected();
    }
    var globalError = document.getElementById("global-error");
    if (globalError && !globalError.hidden) {
      globalError.hidden = true;
      measureWorkbench();
    }
  });

  /* After a search or "Kun mine enheder": the result's heading at the top of the screen if the
     search form pushed it below the fold (on a laptop screen the form fills the first screen). */
  function revealResults(results) {
    if (scrollsOnItsOwn(results)) {
      return; // the workbench: the results have their own box below the search
    }
    var heading = results.querySelector("h3") || results;
    var box = heading.getBoundingClientRect();
    if (box.top < 0 || box.bottom + 120 > window.innerHeight) {
      heading.scrollIntoView({ block: "start" });
    }
  }

  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (status === 403 || status === 409 || status === 422) {
      return; // swapped into the page like any answer
    }
    var globalError = document.getElementById("global-error");
    if (globalError) {
      globalError.hidden = false;
      measureWorkbench(); // the alert pushed the workbench down
    }
  });

  document.addEventListener("htmx:configRequest", function (event) {
    var elt = event.detail.elt;
    if (elt && elt.hasAttribute && elt.hasAttribute("data-street-typeahead")) {
      var postcode = document.getElementById(elt.getAttribute("data-postcode-input"));
      event.detail.parameters.q = elt.value;
      event.detail.parameters.postnr = postcode ? postcode.value : "";
    }
  });

  // The address type-ahead tells when it fell back to the offline street register.
  document.addEventListener("sorAddressNotice", function (event) {
    var form = event.target.closest ? event.target.closest("form") : null;
    var notice = form ? form.querySelector("[data-address-notice]") : null;
    if (notice && event.detail && event.detail.value) {
      notice.textContent = event.detail.value;
      notice.hidden = false;
    }
  });

  /* --- session warning ------------------------------------------------------------------ */

  // The server tells how long the session has left (body data-session-seconds on a whole page,
  // the SOR-Session-Seconds header on every htmx answer). A few minutes before the end a
  // warning offers "Forbliv logget ind"; at the end it says so and links to the login page.
  var session = { deadline: 0, warnBefore: 0, tick: null };

  function sessionStart(seconds) {
    if (!(seconds >= 0)) {
      return;
    }
    session.deadline = Date.now() + seconds * 1000;
    var box = document.getElementById("session-warning");
    if (box) {
      box.hidden = true;
    }
    if (!session.tick) {
      session.tick = window.setInterval(sessionCheck, 1000);
    }
    sessionCheck();
  }

  function minutesText(ms) {
    var minutes = Math.max(1, Math.ceil(ms / 60000));
    return minutes === 1 ? "1 minut" : minutes + " minutter";
  }

  function sessionCheck() {
    var box = document.getElementById("session-warning");
    if (!box || !session.deadline) {
      return;
    }
    var left = session.deadline - Date.now();
    if (left > session.warnBefore) {
      box.hidden = true;
      return;
    }
    var text = box.querySelector("[data-session-text]");
    var heading = box.querySelector("[data-session-heading]");
    var keepalive = box.querySelector("[data-session-keepalive]");
    var expired = box.querySelector("[data-session-expired]");
    if (left > 0) {
      var message = "Du bliver logget ud om " + minutesText(left) + ", fordi du ikke har været aktiv. Vælg Forbliv logget ind for at fortsætte.";
      if (text.textContent !== message) {
        text.textContent = message;
      }
      keepalive.hidden = false;
      expired.hidden = true;
    } else {
      heading.textContent = "Du er logget ud";
      text.textContent = "Du er blevet logget ud, fordi du ikke har været aktiv i et stykke tid. Det, du ikke havde gemt, er ikke gemt.";
      keepalive.hidden = true;
      expired.hidden = false;
      var login = box.querySelector("[data-session-login]");
      login.href = document.body.getAttribute("data-login-url") + "?next=" +
        encodeURIComponent(window.location.pathname + window.location.search);
      window.clearInterval(session.tick);
      session.tick = null;
    }
    box.hidden = false;
  }

  ready(function () {
    var body = document.body;
    if (body.hasAttribute("data-session-seconds")) {
      session.warnBefore = parseInt(body.getAttribute("data-session-warning-seconds"), 10) * 1000;
      sessionStart(parseInt(body.getAttribute("data-session-seconds"), 10));
    }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail.xhr;
    var seconds = xhr ? xhr.getResponseHeader("SOR-Session-Seconds") : null;
    if (seconds !== null && document.body.hasAttribute("data-session-seconds")) {
      sessionStart(parseInt(seconds, 10));
    }
  });

  /* --- clicks --------------------------------------------------------------------------- */

  // Move mode: while the Flyt OE form is open, a click on a unit in the tree or in the search
  // result fills "Ny overliggende enhed (SOR-kode)" instead of opening the unit. Capture phase,
  // so htmx's own handler on the link never sees the click.
  document.addEventListener(
    "click",
    function (event) {
      var link = event.target.closest ? event.target.closest("[data-unit-link]") : null;
      if (!link || !moveModeActive()) {
        return;
      }
      event.preventDefault();
      event.stopPropagation();
      var form = document.querySelector("[data-move-form]");
      var input = form.querySelector('[name="new_parent"]');
      input.value = link.getAttribute("data-sor-id");
      var picked = document.getElementById("move-picked");
      if (picked) {
        picked.textContent =
          "Valgt: " + link.getAttribute("data-unit-name") + " (" + link.getAttribute("data-sor-id") + ")";
      }
      document.querySelectorAll(".sor-move-target").forEach(function (el) {
        el.classList.remove("sor-move-target");
      });
      link.classList.add("sor-move-target");
      // The form stays usable while the user picks in the tree: "Valgt: …" and the button in
      // view in the details panel.
      revealInBox(
        document.getElementById("details"),
        picked || input,
        form.querySelector('button[type="submit"]')
      );
    },
    true
  );

  document.addEventListener("click", function (event) {
    if (!event.target.closest) {
      return;
    }
    var toggle = event.target.closest("[data-tree-toggle]");
    if (toggle) {
      var expanded = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", expanded ? "false" : "true");
      var children = document.getElementById(toggle.getAttribute("aria-controls"));
      if (children) {
        children.hidden = expanded;
      }
      return;
    }
    var ok = event.target.closest("[data-confirm-ok]");
    if (ok) {
      var form = document.getElementById(ok.getAttribute("data-confirm-ok"));
      var modal = ok.closest(".fds-modal");
      if (modal && window.DKFDS) {
        new window.DKFDS.Modal(modal).hide();
      }
      if (form) {
        form.querySelector("[data-confirm-field]").value = "1";
        form.requestSubmit();
      }
    }
  });

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.hasAttribute && target.hasAttribute("data-hides")) {
      var fields = document.getElementById(target.getAttribute("data-hides"));
      if (fields) {
        fields.hidden = target.checked;
      }
    }
    if (target.id === "move-pick-mode") {
      document.body.classList.toggle("sor-move-mode", moveModeActive());
    }
  });

  // The date picker empties its hidden field when the typed date lies before data-min-date (or
  // does not parse); send the typed text instead, so the server answers with the rule that
  // refuses it rather than "Angiv en dato". Capture phase, before htmx reads the form.
  document.addEventListener(
    "submit",
    function (event) {
      event.target.querySelectorAll(".date-picker").forEach(function (picker) {
        var typed = picker.querySelector(".date-picker__external-input");
        var sent = picker.querySelector(".date-picker__internal-input");
        if (typed && sent && !sent.value && typed.value.trim()) {
          sent.value = typed.value.trim();
        }
      });
    },
    true
  );

  /* --- one submit at a time ------------------------------------------------------------ */

  // A form being sent is not sent again until its answer has come: a second click (or Enter,
  // or the dialog's OK) while the first request runs is dropped, and the submit buttons are
  // disabled. The server answers a repeat of an opened form with the first one's result anyway
  // (its form key, sor_admin/submissions.py); this spares the second request. Capture phase, so
  // a dropped submit never reaches htmx or the browser. The buttons are disabled only after the
  // submit has been read (a disabled submitter's name and value would not be sent).
  var SUBMITTING = "data-sor-submitting";

  function submitButtons(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.type === "submit";
    });
  }

  function releaseForm(form) {
    form.removeAttribute(SUBMITTING);
    form.removeAttribute("data-sor-request");
    submitButtons(form).forEach(function (button) {
      if (button.hasAttribute("data-sor-disabled")) {
        button.disabled = false;
        button.removeAttribute("data-sor-disabled");
        button.removeAttribute("aria-disabled");
      }
    });
  }

  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (form.hasAttribute(SUBMITTING)) {
        event.preventDefault();
        event.stopPropagation();
        return;
      }
      form.setAttribute(SUBMITTING, "");
      window.setTimeout(function () {
        // Cancelled by another handler, and no htmx request started: nothing is being sent.
        if (event.defaultPrevented && !form.hasAttribute("data-sor-request")) {
          releaseForm(form);
          return;
        }
        submitButtons(form).forEach(function (button) {
          if (!button.disabled) {
            button.disabled = true;
            button.setAttribute("data-sor-disabled", "");
            button.setAttribute("aria-disabled", "true");
          }
        });
      }, 0);
    },
    true
  );

  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    if (form && form.tagName === "FORM" && form.hasAttribute(SUBMITTING)) {
      form.setAttribute("data-sor-request", "");
    }
  });

  // The answer has come: the form may be sent again (after a refusal, 422, it is shown with its
  // errors), unless the answer sends the browser to another page (a saved change).
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    var xhr = event.detail.xhr;
    if (!form || form.tagName !== "FORM" || !form.hasAttribute(SUBMITTING)) {
      return;
    }
    var leaving =
      event.detail.successful &&
      xhr &&
      (xhr.getResponseHeader("HX-Redirect") || xhr.getResponseHeader("HX-Refresh"));
    if (!leaving) {
      releaseForm(form);
    }
  });

  // Back to a page the browser kept (bfcache): its forms were left being sent.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      document.querySelectorAll("form[" + SUBMITTING + "]").forEach(releaseForm);
    }
  });

  // "Kun mine enheder" + Enter: Enter on a checkbox of the search form submits it, as in SOR.
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key !== "Enter" || target.type !== "checkbox") {
      return;
    }
    var form = target.form;
    if (form && form.hasAttribute("data-enter-submits")) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
})();
