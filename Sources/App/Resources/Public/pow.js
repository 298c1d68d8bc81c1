// Guichet's proof of work (docs/decisions/0011): before a form marked data-pow is sent, fetch a challenge from the
// address its status line names (data-challenge: /api/v1/challenge), find the number n for which SHA-256(salt + n)
// is the challenge (trying 0, 1, 2, ...), and put
// the ALTCHA-format answer, base64 of its JSON, in the form's hidden "altcha" field. Plain SHA-256 below, so it also
// works where the page is not a secure context (crypto.subtle is missing there).
(function () {
  "use strict";
  var K = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2];
  var W = new Array(64);

  // SHA-256 of an ASCII string (salts and numbers are ASCII), as 64 hex digits.
  function sha256(text) {
    var length = text.length, words = [], i, j;
    for (i = 0; i < length; i++) words[i >> 2] |= (text.charCodeAt(i) & 0xff) << (24 - (i % 4) * 8);
    words[length >> 2] |= 0x80 << (24 - (length % 4) * 8);
    var total = ((length + 8) >> 6) * 16 + 16;
    for (i = words.length; i < total; i++) words[i] = words[i] | 0;
    words[total - 1] = length * 8;
    var h0 = 0x6a09e667, h1 = 0xbb67ae85, h2 = 0x3c6ef372, h3 = 0xa54ff53a,
        h4 = 0x510e527f, h5 = 0x9b05688c, h6 = 0x1f83d9ab, h7 = 0x5be0cd19;
    for (i = 0; i < total; i += 16) {
      var a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7;
      for (j = 0; j < 64; j++) {
        if (j < 16) {
          W[j] = words[i + j] | 0;
        } else {
          var x = W[j - 15], y = W[j - 2];
          W[j] = ((((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)) + W[j - 7] +
                  (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10)) + W[j - 16]) | 0;
        }
        var t1 = (h + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) +
                  ((e & f) ^ (~e & g)) + K[j] + W[j]) | 0;
        var t2 = ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) +
                  ((a & b) ^ (a & c) ^ (b & c))) | 0;
        h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      h0 = (h0 + a) | 0; h1 = (h1 + b) | 0; h2 = (h2 + c) | 0; h3 = (h3 + d) | 0;
      h4 = (h4 + e) | 0; h5 = (h5 + f) | 0; h6 = (h6 + g) | 0; h7 = (h7 + h) | 0;
    }
    var out = "";
    [h0, h1, h2, h3, h4, h5, h6, h7].forEach(function (v) { out += ("00000000" + (v >>> 0).toString(16)).slice(-8); });
    return out;
  }

  // Tries the numbers in slices, so the page stays responsive; calls done(number) or done(null).
  function solve(challenge, done) {
    var n = 0;
    (function slice() {
      var stop = Math.min(n + 5000, challenge.maxnumber + 1);
      for (; n < stop; n++) {
        if (sha256(challenge.salt + n) === challenge.challenge) return done(n);
      }
      if (n > challenge.maxnumber) return done(null);
      setTimeout(slice, 0);
    })();
  }

  function prepare(form) {
    var field = form.querySelector('input[name="altcha"]');
    var status = form.querySelector(".pow-status");
    var busy = false;
    form.addEventListener("submit", function (event) {
      if (!field || field.value) return;          // already solved: let it go
      event.preventDefault();
      if (busy) return;
      busy = true;
      // the challenge's address is the page's to give (data-challenge, from the server's routes)
      var address = status && status.getAttribute("data-challenge");
      if (!address) return failed();
      status.textContent = status.getAttribute("data-working");
      var request = new XMLHttpRequest();
      request.open("GET", address);
      request.setRequestHeader("Accept", "application/json");
      request.onload = function () {
        var challenge;
        try { challenge = JSON.parse(request.responseText); } catch (e) { challenge = null; }
        if (request.status !== 200 || !challenge) return failed();
        solve(challenge, function (number) {
          if (number === null) return failed();
          field.value = btoa(JSON.stringify({
            algorithm: challenge.algorithm, challenge: challenge.challenge, number: number,
            salt: challenge.salt, signature: challenge.signature }));
          if (status) status.textContent = "";
          form.submit();                          // does not fire "submit" again
        });
      };
      request.onerror = failed;
      request.send();
    });
    function failed() {
      busy = false;
      if (status) status.textContent = status.getAttribute("data-failed");
    }
  }

  var forms = document.querySelectorAll("form[data-pow]");
  for (var i = 0; i < forms.length; i++) prepare(forms[i]);
})();
