/* The check-in page (签到): scan a ticket's QR code with the phone's camera (jsQR, vendored)
   or type its code; the form is sent by htmx and the result swapped in below it. */
(function () {
  "use strict";
  var form = document.getElementById("check-in-form");
  if (!form) return;
  var input = form.querySelector("input[name=code]");
  var toggle = document.getElementById("scan-toggle");
  var video = document.getElementById("scan-video");
  var error = document.getElementById("scan-error");
  var canvas = document.createElement("canvas");
  var context = canvas.getContext("2d", { willReadFrequently: true });
  var stream = null;
  var last = "";
  var lastAt = 0;

  function send() {
    if (form.requestSubmit) form.requestSubmit(); else form.submit();
  }

  function say(message) {
    error.textContent = message;
    error.hidden = !message;
  }

  function label(started) {
    toggle.querySelector("span").textContent = toggle.getAttribute(started ? "data-stop" : "data-start");
  }

  function stop() {
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    video.hidden = true;
    label(false);
  }

  function scan() {
    if (!stream) return;
    if (video.readyState === video.HAVE_ENOUGH_DATA && video.videoWidth) {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      var image = context.getImageData(0, 0, canvas.width, canvas.height);
      var found = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
      var now = Date.now();
      // The same ticket held in front of the camera is sent once every 3 seconds at most.
      if (found && found.data && (found.data !== last || now - lastAt > 3000)) {
        last = found.data;
        lastAt = now;
        input.value = found.data;
        send();
      }
    }
    window.requestAnimationFrame(scan);
  }

  toggle.addEventListener("click", function () {
    if (stream) { stop(); return; }
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.jsQR) {
      say(error.getAttribute("data-unsupported"));
      return;
    }
    say("");
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (media) {
        stream = media;
        video.srcObject = media;
        video.hidden = false;
        label(true);
        return video.play();
      })
      .then(function () { window.requestAnimationFrame(scan); })
      .catch(function () { stop(); say(error.getAttribute("data-denied")); });
  });

  // After each answer: an empty box for the next code, and a short buzz on success.
  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target.id !== "check-in-result") return;
    input.value = "";
    if (!stream) input.focus();
    var result = document.querySelector("#check-in-message");
    if (result && navigator.vibrate) {
      navigator.vibrate(result.getAttribute("data-result") === "ok" ? 80 : [60, 60, 60]);
    }
  });
})();
