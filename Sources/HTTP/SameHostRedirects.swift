import Foundation

/// Redirects are followed only to the same scheme, host and port. The LLM, Deepgram and webhook
/// clients attach an API key or a signature to their requests: a redirect elsewhere (a compromised
/// or misconfigured endpoint) must not carry them to a third party, so it is refused and the 3xx
/// answer is what the caller sees.
enum SameHostRedirects {
    /// At most this many redirects per try.
    static let limit = 5

    /// The request to send after `answer` to `request`, or nil when the answer stands: not a
    /// redirect, no usable `Location`, or another origin. 307 and 308 keep the method and the body;
    /// 303, and 301 or 302 after a POST, turn into a GET without a body, as browsers and curl do.
    static func next(after answer: HTTPAnswer, to request: HTTPRequest) -> HTTPRequest? {
        guard [301, 302, 303, 307, 308].contains(answer.status), let location = answer.header("Location"),
            let target = URL(string: location, relativeTo: request.url)?.absoluteURL,
            HTTPRequest.isSameOrigin(request.url, target)
        else { return nil }
        var next = request
        next.url = target
        if answer.status == 303 || (answer.status != 307 && answer.status != 308 && request.method == "POST") {
            next.method = "GET"
            next.body = .none
            next.headers = next.headers.filter {
                $0.key.caseInsensitiveCompare("Content-Type") != .orderedSame
                    && $0.key.caseInsensitiveCompare("Content-Length") != .orderedSame
            }
        }
        return next
    }
}
