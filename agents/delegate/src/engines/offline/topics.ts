/**
 * Topics, most important first. Topics implied by the decoded actions always come first (ordered
 * by the risk of the actions behind them); keyword topics from the prose follow. "social" is a
 * topic only for proposals without actions: prose cannot make an executable proposal "social".
 */
import type { RiskLevel, Topic } from "@mandate/mandate";
import type { DecodedProposal } from "../../decode/index.js";

const RISK_RANK: Record<RiskLevel, number> = { low: 0, medium: 1, high: 2, critical: 3 };

/** Order among action topics of equal risk. */
const ACTION_TOPIC_ORDER: readonly Topic[] = [
  "upgrades",
  "security",
  "treasury",
  "grants",
  "parameters",
];

const GRANT_WORDS =
  /\b(grants?|fund(s|ing|ed)?|budgets?|bount(y|ies)|compensat\w*|reimburs\w*|stipends?|service providers?|working groups?|public goods|streams?|payments?|pay(ing)?|retroactive|sponsor\w*|contributors?)\b/i;

/** Keyword patterns per topic; a title hit counts three times. */
const KEYWORDS: Record<Topic, RegExp> = {
  elections:
    /\b(elect(ion|ions|ed|ing)?|candidates?|nominees?|nominat\w*|ballots?|directors?|re-?elect\w*|appoint\w*|confirm(ing)? (the )?members|selection of|stewards? (election|vote))\b/gi,
  grants:
    /\b(grants?|funding requests?|budgets?|bount(y|ies)|public goods|service providers?|compensation|reimburse\w*|stipends?|retroactive|funding)\b/gi,
  treasury:
    /\b(treasury|endowment|investment|diversif\w*|swaps?|runway|asset management|karpatkey|kpk|usdc|eth to usdc)\b/gi,
  parameters:
    /\b(parameters?|pricing|price oracle|premium|quorum|voting (period|delay)|proposal threshold|thresholds?|fees?|resolver|primary names?)\b/gi,
  upgrades:
    /\b(upgrades?|upgrad(ed|ing)|migrat\w*|new (controller|registrar|contract|version)|deploy\w*|implementation|ensv2|namechain)\b/gi,
  security:
    /\b(security|vulnerabilit\w*|exploit\w*|attacks?|veto|council|revok\w*|permissions?|audits?|safe harbor|emergency|root key)\b/gi,
  social:
    /\b(constitution\w*|amend\w*|rules|polic(y|ies)|guidelines?|standards?|ensip-?\d*|retrospective|temp check|code of conduct|social)\b/gi,
};

function countMatches(text: string, re: RegExp): number {
  re.lastIndex = 0;
  let n = 0;
  for (const _ of text.matchAll(re)) n++;
  return n;
}

/** Keyword topics of the prose, best first, with their scores (at least `minScore`). */
export function textTopics(
  title: string,
  body: string,
  minScore = 3,
): { topic: Topic; score: number }[] {
  const scored: { topic: Topic; score: number }[] = [];
  for (const topic of Object.keys(KEYWORDS) as Topic[]) {
    const re = KEYWORDS[topic];
    const score = 3 * countMatches(title, re) + Math.min(countMatches(body, re), 12);
    if (score >= minScore) scored.push({ topic, score });
  }
  return scored.sort((a, b) => b.score - a.score || a.topic.localeCompare(b.topic));
}

/** Topics implied by the actions, most important first. */
export function actionTopics(decoded: DecodedProposal, proseSaysGrant: boolean): Topic[] {
  const rank = new Map<Topic, number>();
  const bump = (topic: Topic, risk: RiskLevel) =>
    rank.set(topic, Math.max(rank.get(topic) ?? -1, RISK_RANK[risk]));
  decoded.actions.forEach((action, i) => {
    const risk = decoded.actionRisks[i] ?? "low";
    switch (action.category) {
      case "upgrade":
        bump("upgrades", risk);
        break;
      case "role":
        bump("security", risk);
        break;
      case "transfer":
      case "approval":
        bump("treasury", risk);
        if (proseSaysGrant) bump("grants", risk);
        break;
      case "parameter":
        bump("parameters", risk);
        if (/updateDelay/.test(action.signature ?? "")) bump("security", risk);
        break;
      case "governance":
        if (/^(set|update)/.test(action.signature ?? "")) bump("parameters", risk);
        else if (/updateTimelock|relay/.test(action.signature ?? "")) bump("security", risk);
        else bump("parameters", risk);
        break;
      default:
        break;
    }
  });
  // A value movement inside a wrapped call (Safe, timelock) still touches the treasury.
  for (const t of decoded.transfers) {
    const risk = decoded.actionRisks[t.actionIndex] ?? "low";
    if (!rank.has("treasury")) bump("treasury", risk);
  }
  return [...rank.entries()]
    .sort(
      (a, b) => b[1] - a[1] || ACTION_TOPIC_ORDER.indexOf(a[0]) - ACTION_TOPIC_ORDER.indexOf(b[0]),
    )
    .map(([topic]) => topic);
}

/** Final topic list: action topics, then prose topics; "social" only without actions. */
export function classifyTopics(decoded: DecodedProposal, title: string, body: string): Topic[] {
  const executable = decoded.actions.length > 0;
  // "[EP 4.8] [Social]"-style tags name the proposal type, not its subject.
  const subject = title.replace(/\[[^\]]{0,40}\]/g, " ");
  const fromText = textTopics(subject, body).map((t) => t.topic);
  if (!executable) {
    const topics: Topic[] = fromText.slice(0, 3);
    if (!topics.includes("social")) topics.push("social");
    return topics;
  }
  const grant = GRANT_WORDS.test(`${title}\n${body}`);
  const topics = actionTopics(decoded, grant);
  for (const t of fromText) {
    if (t === "social" || topics.includes(t)) continue;
    if (topics.length >= 5) break;
    topics.push(t);
  }
  return topics;
}
