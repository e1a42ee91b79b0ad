//! A hand-built, realistic and partly hostile [`Plan`] for the render tests:
//! a site name full of HTML, an mdBook directive and a formula, CSV-formula
//! titles, a newline-injected gap, an unassigned owner and no annual value.

use crate::plan::*;

/// The hostile site name (also a business owner and a gate's accountable name).
pub const HOSTILE_NAME: &str = "Evil <b>{{#include /etc/passwd}}</b> | =cmd";

fn s(text: &str) -> String {
    text.to_string()
}

fn owner(role: &str, name: Option<&str>) -> OwnerAssignment {
    OwnerAssignment {
        role: s(role),
        name: s(name.unwrap_or("UNASSIGNED")),
        contact: name.map(|_| s("lead@example.com")),
        assigned: name.is_some(),
    }
}

fn item(id: &str, section: &str, phase: &str, title: &str, why: &str) -> ChecklistItem {
    ChecklistItem {
        id: s(id),
        section: s(section),
        phase: s(phase),
        title: s(title),
        owner: s("it"),
        owner_name: s("Mariana Treviño"),
        why: s(why),
        rule: s(id.rsplit_once('.').map_or(id, |(r, _)| r)),
        baseline: false,
        targets: Vec::new(),
        refs: vec![s("IEC 62443-3-3 SR 5.1"), s("NIST SP 800-82r3")],
        asset: Some(s("press-07")),
    }
}

fn gap(id: &str, severity: Severity, why: &str) -> Gap {
    Gap {
        id: s(id),
        topic: s("data"),
        severity,
        asset: Some(s("press-07")),
        title: s("Vibration history too short"),
        why: s(why),
        rule: s("data.history"),
        phase: s("pilot"),
        owner: s("data"),
        cap: None,
        not_applicable: false,
    }
}

fn assets() -> Vec<AssetSummary> {
    vec![AssetSummary {
        id: s("press-07"),
        name: s("Hydraulic press 7 **loud**"),
        kind: s("hydraulic-press"),
        criticality: s("high"),
        installed: 1996,
        age_years: 30,
        in_scope: true,
        controller: s("Siemens S7-300 (s7comm, profinet)"),
        sensors: vec![s("vibration"), s("temperature")],
    }]
}

fn readiness() -> Readiness {
    Readiness {
        score: 42,
        applicable: true,
        cap: None,
        blocking_open: 1,
        blocking_cap: None,
        components: vec![ReadinessComponent {
            topic: s("data"),
            weight: 0.4,
            score: 30,
            blocking: 1,
            major: 1,
            minor: 0,
        }],
        gaps: vec![
            gap(
                "gap.owner.it",
                Severity::Blocking,
                "No IT owner\n# Heading injected",
            ),
            gap(
                "data.history.press-07",
                Severity::Major,
                "press-07 has 2 months of history; 6 needed",
            ),
        ],
    }
}

fn checklist() -> Vec<ChecklistItem> {
    vec![
        item(
            "integration.gateway.press-07",
            "integration",
            "pilot",
            "Install a protocol gateway for press-07",
            "press-07 is 30 years old and speaks only s7comm, profinet",
        ),
        item(
            "data.export.sap",
            "data",
            "scale",
            "=HYPERLINK(\"http://evil\")",
            "-2 +1 @SUM(A1)",
        ),
        item(
            "security.remote.vendor",
            "security",
            "pilot",
            "Close vendor-direct access",
            "[link](javascript:x)",
        ),
        ChecklistItem {
            rule: s("governance.model-card"),
            baseline: true,
            asset: None,
            ..item(
                "governance.model-card",
                "governance",
                "production",
                "Write the model card",
                "<script>x</script>",
            )
        },
        ChecklistItem {
            rule: s("integration.firmware"),
            asset: None,
            targets: vec![s("press-07"), s("press-09")],
            ..item(
                "integration.firmware",
                "integration",
                "pilot",
                "Record the firmware of press-07, press-09",
                "A merged item",
            )
        },
        item(
            "change.works-council",
            "change",
            "pilot",
            "Inform the works council",
            "Law requires it",
        ),
    ]
}

fn change_plan() -> ChangePlan {
    ChangePlan {
        stakeholders: vec![Stakeholder {
            id: s("operators"),
            group: s("Press operators"),
            size: Some(120),
            concerns: s("Job security | workload"),
            engagement: s("Involve in pilot"),
            why: s("floor_staff = 140"),
        }],
        training: vec![Training {
            id: s("training.operators"),
            title: s("Reading the alerts"),
            audience: s("operators"),
            people: 120,
            sessions: 10,
            sessions_basis: s("2 shifts x 2 languages = 4 groups of up to 30 people, 3 sessions of at most 12 each: 12 sessions"),
            hours_per_person: 2.5,
            languages: vec![s("fr"), s("en")],
            phase: s("pilot"),
            why: s("12 per session"),
        }],
        communications: vec![Communication {
            id: s("comms.kickoff"),
            phase: s("pilot"),
            audience: s("all staff"),
            channel: s("shift briefing"),
            message: s("What changes and what does not"),
            owner: s("change"),
        }],
        adoption_kpis: vec![AdoptionKpi {
            id: s("kpi.acceptance"),
            metric: s("alert acceptance rate"),
            definition: s("accepted / raised alerts"),
            op: s(">="),
            target: 0.7,
            unit: s("ratio"),
        }],
    }
}

fn business_case() -> BusinessCase {
    BusinessCase {
        cost_currency: s("EUR"),
        currency: s("EUR"),
        formula: s("downtime_hours x cost_per_hour x reduction"),
        annual_value: None,
        cost: Cost {
            pilot: 150000.0,
            scale: 400000.0,
        },
        payback_months: None,
        missing: vec![s("unplanned_downtime_hours"), s("downtime_cost_per_hour")],
        unvalued: None,
        inputs: vec![],
        factor: Range {
            low: 0.3,
            expected: 0.4,
            high: 0.5,
        },
        assumptions: vec![Assumption {
            id: s("downtime-reduction"),
            text: s("Unplanned downtime falls by 30-50%"),
            range: Some(Range {
                low: 0.3,
                expected: 0.4,
                high: 0.5,
            }),
            unit: s("ratio"),
            source: s("Practitioner reports"),
            grade: s("H"),
        }],
    }
}

fn phases() -> Vec<Phase> {
    let criterion = |metric: &str, threshold| Criterion {
        computed: None,
        metric: s(metric),
        op: s(">="),
        threshold,
        unit: s("ratio"),
        kind: s("value"),
        evidence: s("CMMS report"),
    };
    ["pilot", "scale", "production"]
        .iter()
        .map(|id| Phase {
            id: s(id),
            title: format!("Phase {id}"),
            goal: s("Prove value on one line"),
            gate: Gate {
                id: format!("gate.{id}"),
                title: s("Value proven"),
                accountable: s("business"),
                accountable_name: s(HOSTILE_NAME),
                criteria: vec![
                    criterion("downtime reduction", None),
                    criterion("precision", Some(0.8)),
                ],
            },
        })
        .collect()
}

/// A realistic plan with a hostile site name and no annual value.
pub fn sample_plan() -> Plan {
    Plan {
        format: PLAN_FORMAT,
        site: SiteRef {
            id: s("lyon"),
            name: s(HOSTILE_NAME),
            company: Some(s("Acme & Co")),
            country: None,
        },
        use_case: UseCaseRef {
            id: s("predictive-maintenance"),
            title: s("Predictive maintenance"),
        },
        playbook: PlaybookRef {
            id: s("predictive-maintenance"),
            version: s("1.0.0"),
            digest: s("sha256:abc"),
            source: None,
            stack: None,
            layers: Vec::new(),
            disabled: Vec::new(),
        },
        as_of: s("2026-11-26"),
        owners: vec![
            owner("business", Some(HOSTILE_NAME)),
            owner("operations", Some("Paul Roche")),
            owner("it", None),
            owner("data", Some("Mariana Treviño")),
            owner("change", Some("Sophie Blanc")),
        ],
        assets: assets(),
        readiness: readiness(),
        checklist: checklist(),
        controls: vec![
            Control {
                id: s("control.segmentation"),
                title: s("Segment IT from OT"),
                refs: vec![s("IEC 62443-3-3 SR 5.1"), s("NIST SP 800-53 SC-7")],
                why: s("network.segmentation = \"flat\""),
                rule: s("control.segmentation"),
                baseline: false,
                phase: s("pilot"),
                owner: s("it"),
                owner_name: s("UNASSIGNED"),
                targets: Vec::new(),
            },
            Control {
                id: s("control.backup"),
                title: s("Back up <b>edge</b> configurations | weekly"),
                refs: vec![s("IEC 62443-3-3 SR 7.3")],
                why: s("Every site needs a tested restore"),
                rule: s("control.backup"),
                baseline: true,
                phase: s("pilot"),
                owner: s("it"),
                owner_name: s("UNASSIGNED"),
                targets: Vec::new(),
            },
        ],
        raci: vec![RaciRow {
            id: s("raci.model-ops"),
            activity: s("Run the model | daily"),
            phase: s("production"),
            business: s("A"),
            operations: s("R"),
            it: s("C"),
            data: s("A/R"),
            change: s(""),
            quality: None,
            safety: None,
        }],
        change_plan: change_plan(),
        business_case: business_case(),
        phases: phases(),
        problem: Problem {
            statement: s("Unplanned stops cost money."),
            value_levers: vec![s("Fewer unplanned stops"), s("1. Longer asset life")],
        },
        security_level_target: SecurityLevel {
            target: 2,
            source: s("profile"),
        },
        network: NetworkSummary {
            segmentation: s("flat"),
            it_ot_firewall: false,
            ot_dmz: false,
            remote_access: vec![s("vendor-direct"), s("vpn")],
            ot_internet_access: true,
        },
    }
}
