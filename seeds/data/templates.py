"""The shape of a suggestion template, and the shared wording of reviews, contacts and replies.

A template (templates_city, templates_people) gives a title, 事由 and 具体建议 with {place} (a 社区
or 村) and {street} (its 镇/街道) to fill in, the units that handle it, and its replies' wording.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Template:
    key: str
    category: str
    lead: str  # lead unit, by short name
    co: str | None  # the usual co-handling unit
    alt: str | None  # the unit a re-routing would send it to
    rural: bool  # about a village, so only the two towns' deputies raise it
    title: str
    reasons: str
    proposals: str
    done: str  # what an A reply reports as done
    plan: str  # what a B reply puts in this year's plan
    promise: str  # the promise of a B or C reply


ORIGINS = (
    "代表之家收集群众意见", "代表联络站接待选民时收集", "会前集中视察调研", "走访选民",
    "“有诉必应马上办”主题活动中收集的群众诉求", "基层立法联系点座谈会", "“圆桌议事会”居民议事",
    "专项视察中发现的问题",
)
LATER = ("受资金和建设条件限制，该事项需分步实施。我单位已将其纳入中长期工作计划，"
         "将积极争取上级资金和政策支持，条件具备后优先安排。")
REFERENCE = ("所提建议对改进相关工作具有参考价值，我单位将在制定明年工作计划和完善相关制度时"
             "认真研究吸收，并及时向代表通报。")
RETURN_REASONS = (
    "事由部分缺少调研数据，请补充涉及的户数、人数和现状。",
    "建议内容涉及多个事项，请按一事一议拆分，本件只保留一项。",
    "具体建议不够明确，请写明实施主体、地点和时限。",
    "标题与正文不完全一致，请修改标题或正文。",
)
ADVISE_WITHDRAWAL = (
    "所提事项已列入区政府今年民生实事项目并正在实施，建议撤回。",
    "所提事项属于代表本人亲属的个人事务，不宜作为代表建议提出，建议撤回。",
)
REVISIONS = (
    "（修改稿补充）经再次走访，涉及居民约二百余户，多数居民意见一致。",
    "（修改稿补充）已与社区、街道核实情况，相关数据见附表。",
    "（修改稿补充）已按一事一议删去其他事项，并写明实施主体。",
)
CONTACTS = (
    ("face_to_face", "办前与代表当面沟通，听取代表对办理思路的意见。"),
    ("on_site", "会同街道、社区与代表到现场查看，共同研究解决办法。"),
    ("phone", "电话向代表通报办理进展，代表表示认可。"),
    ("online", "通过视频会议与代表沟通答复内容。"),
)
CO_OPINION = "我单位同意主办单位的办理意见，将在职责范围内做好配合工作，相关数据已报主办单位。"
# Reasons and notes written by the people acting in the demo's stories, by what they do.
WHY = {
    "withdraw": "接受预审意见，撤回本件建议。",
    "propose_withdrawal": "所提问题已由街道协调解决，提议撤回。",
    "merge": "与同类建议内容基本相同，并案办理，领衔代表作为共同提出人。",
    "convert": "已书面告知代表：本件反映个别住户具体诉求，转代表来信处理。",
    "convert_talk": "代表工委与代表当面沟通，代表同意转代表来信处理。",
    "decline": "所提事项涉及正在诉讼中的具体案件，依法不予立案，已告知代表可通过其他渠道反映。",
    "decline_personal": "所提事项属于代表亲属的个人事务，不属于代表建议范围，不予立案，"
    "已转有关部门依法处理并告知代表。",
    "return_reply": "答复稿对代表所提第二、三项建议回应不够具体，请补充。",
    "rehandle": "已约见代表和承办单位座谈，交由重新办理。",
    "supervisors_rehandle": "主任会议研究决定：由承办单位再次办理，分管副区长牵头协调。",
    "conclude": "主任会议听取汇报后认为，承办单位已尽力办理，受条件限制暂难解决，"
    "予以办结并跟踪承诺事项。",
    "progress": "已完成现场调研和方案设计，正在落实资金。",
    "reassign": "所提事项主要属于其他部门职责，本单位难以牵头办理，申请调整主办单位。",
    "co_release": "本单位与所提事项无直接关联，申请不再协办。",
    "refuse_reassign": "经研究，所提事项属于贵单位职责范围，交办维持不变。",
    "extend": "涉及多个部门和专项资金安排，处理难度大，申请延期答复。",
    "refuse_extension": "延期理由不充分，请按期答复，可先答复阶段性进展。",
    "kept": "承诺事项已完成，经代表现场查看认可。",
    "not_kept": "因上级专项资金未按期下达，承诺事项未能按期完成，已调整至明年实施。",
    "send_back": "未说明后续安排和完成时限，请补充后重新报告。",
    "dissatisfied": "答复内容空泛，所提问题没有实质性解决。",
    "private": "答复涉及居民个人信息和具体住址，不予公开。",
}
