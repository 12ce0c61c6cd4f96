"""Words read in another sense, reported as a new item: each family with a fixture that must
not state the fact and a twin in near-identical words that must keep it.

One family per section, in the lexicon languages where the wording is lexical. Every fixture
is written for these rules, not taken from a real notice.
"""

from __future__ import annotations

import pytest

from tests.families import LANGS, read

# --------------------------------------------------------------------------- selfies as photos

#: Selfies listed among the photos and videos a person posts are content, not an identity check.
SELFIES_AMONG_PHOTOS = {
    "en": "We collect the content you upload, such as photos or selfies and videos, to show it to your friends.",
    "fr": "Nous collectons le contenu que vous publiez, comme des photos ou selfies et des vidéos, pour le montrer à vos amis.",
    "de": "Wir erheben die Inhalte, die Sie hochladen, etwa Fotos oder Selfies und Videos, um sie Ihren Freunden zu zeigen.",
    "es": "Recopilamos el contenido que sube, como fotos o selfies y vídeos, para mostrarlo a sus amigos.",
    "it": "Raccogliamo i contenuti che carichi, come foto o selfie e video, per mostrarli ai tuoi amici.",
    "nl": "Wij verzamelen de inhoud die u uploadt, zoals foto's of selfies en video's, om die aan uw vrienden te tonen.",
}

#: Selfies given effects or filters are content too.
SELFIES_WITH_EFFECTS = {
    "en": "We process your images when you apply effects to your selfies in the camera.",
    "fr": "Nous traitons vos images lorsque vous appliquez des effets à vos selfies dans l'appareil photo.",
    "de": "Wir verarbeiten Ihre Bilder, wenn Sie Effekte auf Ihre Selfies in der Kamera anwenden.",
    "es": "Tratamos sus imágenes cuando aplica efectos a sus selfies en la cámara.",
    "it": "Trattiamo le tue immagini quando applichi effetti ai tuoi selfie nella fotocamera.",
    "nl": "Wij verwerken uw beelden wanneer u effecten op uw selfies toepast in de camera.",
}

#: The twin: a selfie taken to compare the face with a document is an identity check.
SELFIE_CHECK = {
    "en": "We collect a selfie to compare your face with the photo on your document.",
    "fr": "Nous collectons un selfie pour comparer votre visage avec la photo de votre document.",
    "de": "Wir erheben ein Selfie, um Ihr Gesicht mit dem Foto Ihres Dokuments zu vergleichen.",
    "es": "Recopilamos un selfie para comparar su rostro con la foto de su documento.",
    "it": "Raccogliamo un selfie per confrontare il tuo volto con la foto del tuo documento.",
    "nl": "Wij verzamelen een selfie om uw gezicht te vergelijken met de foto van uw document.",
}


@pytest.mark.parametrize("lang", LANGS)
def test_selfies_among_photos_are_no_identity_check(lang: str) -> None:
    found = read(SELFIES_AMONG_PHOTOS[lang], lang)
    assert "data.verification" not in found.affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_selfies_with_effects_are_no_identity_check(lang: str) -> None:
    assert "data.verification" not in read(SELFIES_WITH_EFFECTS[lang], lang).affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_twin_selfie_for_a_face_check_is_verification(lang: str) -> None:
    assert "data.verification" in read(SELFIE_CHECK[lang], lang).affirmed


# --------------------------------------------------------------------------- "correspondence"

#: fr « correspondance », es "correspondencia", it "corrispondenza" also mean a match (with
#: patterns or criteria) or "in line with / at": no messages. en, de and nl use other words.
CORRESPONDENCE_AS_MATCH = {
    "fr": "Nos outils traitent vos données et donnent des résultats sur les correspondances avec différents modèles de paiement.",
    "es": "Tratamos sus datos en correspondencia con la ley aplicable.",
    "it": "Trattiamo i tuoi dati in corrispondenza della sede del servizio.",
}

#: The same words with patterns or criteria in es and it.
CORRESPONDENCE_WITH_PATTERNS = {
    "es": "Nuestras herramientas tratan sus datos y comparan la correspondencia con diferentes patrones de pago.",
    "it": "I nostri strumenti trattano i tuoi dati e verificano la corrispondenza con diversi modelli di pagamento.",
}

#: The twin: correspondence with the customer service is messages.
CORRESPONDENCE_AS_MESSAGES = {
    "fr": "Nos outils traitent vos données et les correspondances avec notre service client.",
    "es": "Conservamos la correspondencia con nuestro servicio de atención al cliente.",
    "it": "Conserviamo la corrispondenza con il nostro servizio clienti.",
}


@pytest.mark.parametrize("lang", sorted(CORRESPONDENCE_AS_MATCH))
def test_correspondence_as_a_match_is_no_message(lang: str) -> None:
    assert "data.communications" not in read(CORRESPONDENCE_AS_MATCH[lang], lang).affirmed


@pytest.mark.parametrize("lang", sorted(CORRESPONDENCE_WITH_PATTERNS))
def test_correspondence_with_patterns_is_no_message(lang: str) -> None:
    found = read(CORRESPONDENCE_WITH_PATTERNS[lang], lang)
    assert "data.communications" not in found.affirmed


@pytest.mark.parametrize("lang", sorted(CORRESPONDENCE_AS_MESSAGES))
def test_twin_correspondence_with_support_is_messages(lang: str) -> None:
    found = read(CORRESPONDENCE_AS_MESSAGES[lang], lang)
    assert "data.communications" in found.affirmed
    assert "purpose.support" in found.affirmed


# --------------------------------------------------------------------------- others passing on

#: Other users passing on what the person shares with them: no sharing by the company.
OTHERS_PASS_ON = {
    "en": "Other users can share your posts with third parties.",
    "fr": "D'autres utilisateurs peuvent partager vos publications avec des tiers.",
    "de": "Andere Nutzer können Ihre Beiträge an Dritte weitergeben.",
    "es": "Otros usuarios pueden compartir sus publicaciones con terceros.",
    "it": "Altri utenti possono condividere i tuoi post con terzi.",
    "nl": "Andere gebruikers kunnen uw berichten met derden delen.",
}

#: "They become able to share it further": the people the person chats with.
OTHERS_BECOME_ABLE = {
    "en": "When you chat with others, they become capable of sharing your messages with third parties.",
    "fr": "Lorsque vous discutez avec d'autres, ils deviennent capables de partager vos messages avec des tiers.",
}

#: The twin: the company sharing the same posts.
WE_PASS_ON = {
    "en": "We can share your posts with third parties.",
    "fr": "Nous pouvons partager vos publications avec des tiers.",
    "de": "Wir können Ihre Beiträge an Dritte weitergeben.",
    "es": "Podemos compartir sus publicaciones con terceros.",
    "it": "Possiamo condividere i tuoi post con terzi.",
    "nl": "Wij kunnen uw berichten met derden delen.",
}


@pytest.mark.parametrize("lang", LANGS)
def test_other_users_passing_on_is_no_sharing(lang: str) -> None:
    assert "purpose.sharing_third_parties" not in read(OTHERS_PASS_ON[lang], lang).affirmed


@pytest.mark.parametrize("lang", sorted(OTHERS_BECOME_ABLE))
def test_others_becoming_able_to_share_is_no_sharing(lang: str) -> None:
    found = read(OTHERS_BECOME_ABLE[lang], lang)
    assert "purpose.sharing_third_parties" not in found.affirmed


@pytest.mark.parametrize("lang", LANGS)
def test_twin_the_company_passing_on_is_sharing(lang: str) -> None:
    assert "purpose.sharing_third_parties" in read(WE_PASS_ON[lang], lang).affirmed
