"""Every name docgen writes into and reads from an edXML package, in ONE place.

QCVN 102:2016/BTTTT (the edXML message structure) was not read in its primary text. The names
below are what the national document exchange platform's examples and several independent
implementations agree on (OBSERVED), and they are UNCONFIRMED against the regulation: correct
them here, and in the schemas under `schema/` (their element names are these names), when the
text is at hand. docs/exchange/edxml.md lists each one and where it was seen.
"""

from __future__ import annotations

#: the edXML namespace (OBSERVED in the national platform's SDK examples)
NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
PREFIX = "edXML"
#: the XLink namespace of the manifest's references (a W3C standard: CONFIRMED)
XLINK = "http://www.w3.org/1999/xlink"

# -- the envelope ---------------------------------------------------------------------------
ENVELOPE = "edXMLEnvelope"
HEADER = "edXMLHeader"
BODY = "edXMLBody"
MANIFEST = "edXMLManifest"
REFERENCE = "Reference"
ATTACHMENT_NAME = "AttachmentName"
DESCRIPTION = "Description"
CONTENT_TYPE = "ContentType"
HREF = "href"  #: in the XLink namespace: `cid:<Content-ID of the MIME part>`
XLINK_TYPE = "type"  #: in the XLink namespace: always "simple"

# -- the message header (the document) ----------------------------------------------------------
MESSAGE_HEADER = "MessageHeader"
FROM = "From"
TO = "To"
ORGAN_ID = "OrganId"
ORGAN_IN_CHARGE = "OrganizationInCharge"
ORGAN_NAME = "OrganName"
CODE = "Code"
CODE_NUMBER = "CodeNumber"
CODE_NOTATION = "CodeNotation"
PROMULGATION_INFO = "PromulgationInfo"
PLACE = "Place"
PROMULGATION_DATE = "PromulgationDate"
DOCUMENT_TYPE = "DocumentType"
TYPE = "Type"
TYPE_NAME = "TypeName"
SUBJECT = "Subject"
SIGNER_INFO = "SignerInfo"
COMPETENCE = "Competence"
POSITION = "Position"
FULL_NAME = "FullName"
DUE_DATE = "DueDate"
TO_PLACES = "ToPlaces"
OTHER_INFO = "OtherInfo"
PRIORITY = "Priority"
PROMULGATION_AMOUNT = "PromulgationAmount"
PAGE_AMOUNT = "PageAmount"
APPENDIXES = "Appendixes"
APPENDIX = "Appendix"
RESPONSE_FOR = "ResponseFor"
STEERING_TYPE = "SteeringType"
DOCUMENT_ID = "DocumentId"

# -- the trace (hops) ----------------------------------------------------------------------------
TRACE_HEADER_LIST = "TraceHeaderList"
TRACE_HEADER = "TraceHeader"
TIMESTAMP = "Timestamp"

# -- the status message ----------------------------------------------------------------------------
STATUS = "Status"
STATUS_CODE = "StatusCode"
STAFF_INFO = "StaffInfo"
DEPARTMENT = "Department"
STAFF = "Staff"

# -- values ---------------------------------------------------------------------------------
#: dates as the platform's examples write them (`2024/05/10`; UNCONFIRMED)
DATE_FORMAT = "%Y/%m/%d"
#: instants, in Vietnamese time without an offset (`2024/05/10 09:00:00`; UNCONFIRMED)
TIMESTAMP_FORMAT = "%Y/%m/%d %H:%M:%S"

# -- the MIME package (SOAP messages with attachments, as the regulation's ebXML base) --------------
#: the package's own content type and the type of its first (root) part
MULTIPART = "multipart/related"
ROOT_TYPE = "text/xml"
ROOT_ID = "edxml-envelope@docgen"
PDF = "application/pdf"
#: the file name ending of a package in an outbox or inbox
SUFFIX = ".edxml"
