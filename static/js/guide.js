/* The guide without page reloads.
 *
 * The page works without this file: every reply is an ordinary form post that renders the
 * whole conversation again. Here the same posts are sent in the background; from the page
 * that comes back, the new messages are added to the conversation (an aria-live region, so
 * screen readers announce them) and the buttons, the question box and the progress are
 * replaced. Focus goes to the question box after a typed question, to the guide's newest
 * message after a button, and to the error summary when the question was empty.
 */
(function () {
  "use strict";

  if (!window.fetch || !window.DOMParser || !window.FormData) {
    return;
  }

  var busy = false;

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("[data-guide-form]")) {
      return;
    }
    event.preventDefault();
    if (busy) {
      return;
    }
    var submitter = event.submitter || null;
    var data = new FormData(form);
    if (submitter && submitter.name) {
      data.append(submitter.name, submitter.value);
    }
    var fromQuestionBox = form.hasAttribute("data-guide-ask");
    setBusy(true);
    fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "Accept": "text/html", "X-Requested-With": "fetch" }
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        update(html, fromQuestionBox);
        setBusy(false);
      })
      .catch(function () {
        setBusy(false);
        submitNormally(form, submitter);
      });
  });

  function setBusy(value) {
    busy = value;
    var log = document.getElementById("guide-log");
    if (log) {
      log.setAttribute("aria-busy", value ? "true" : "false");
    }
    var buttons = document.querySelectorAll("[data-guide-form] button");
    Array.prototype.forEach.call(buttons, function (button) {
      if (value) {
        button.setAttribute("aria-disabled", "true");
      } else {
        button.removeAttribute("aria-disabled");
      }
    });
  }

  function update(html, fromQuestionBox) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var log = document.getElementById("guide-log");
    var newLog = page.getElementById("guide-log");
    if (!log || !newLog) {
      throw new Error("not a guide page");
    }
    var known = {};
    Array.prototype.forEach.call(log.querySelectorAll("[data-key]"), function (item) {
      known[item.getAttribute("data-key")] = true;
    });
    var previous = document.getElementById("guide-latest");
    if (previous) {
      previous.removeAttribute("id");
      previous.removeAttribute("tabindex");
    }
    var added = [];
    Array.prototype.forEach.call(newLog.children, function (item) {
      if (!known[item.getAttribute("data-key")]) {
        var node = document.importNode(item, true);
        log.appendChild(node);
        added.push(node);
      }
    });
    replace(page, "guide-controls");
    replace(page, "guide-progress");
    document.title = page.title;

    var summary = document.querySelector("#guide-controls .error-summary");
    if (summary) {
      summary.focus();
      return;
    }
    if (added.length) {
      added[0].scrollIntoView({ block: "start" });
    }
    if (fromQuestionBox) {
      var box = document.getElementById("question");
      if (box) {
        box.focus({ preventScroll: true });
      }
      return;
    }
    var guideMessages = added.filter(function (node) {
      return node.classList.contains("msg-guide");
    });
    var target = guideMessages[guideMessages.length - 1] || document.getElementById("question");
    if (target) {
      if (!target.hasAttribute("tabindex")) {
        target.setAttribute("tabindex", "-1");
      }
      target.focus({ preventScroll: true });
    }
  }

  function replace(page, id) {
    var current = document.getElementById(id);
    var fresh = page.getElementById(id);
    if (current && fresh) {
      current.replaceWith(document.importNode(fresh, true));
    }
  }

  function submitNormally(form, submitter) {
    if (submitter && submitter.name) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = submitter.name;
      input.value = submitter.value;
      form.appendChild(input);
    }
    HTMLFormElement.prototype.submit.call(form);
  }
})();
